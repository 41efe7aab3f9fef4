using Sourcing.Orders.Returns;
using static Sourcing.Orders.Tests.Returns.ReturnWorld;

namespace Sourcing.Orders.Tests.Returns;

public sealed class ReturnAuthoriseTests
{
    [Fact]
    public async Task AuthoriseAsync_ShippedUnits_SavesTheReturnInItsOrderWithNumberExpiryAndDestination()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [3]);

        var result = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 2)), WebShop, None);

        Assert.Matches("^RMA-[0-9A-HJKMNP-TV-Z]{10}$", result.Return.Number);
        var stored = await world.ReturnAsync("O-1", result.Return.Id);
        Assert.Equal(ReturnStatus.Authorised, stored.Status);
        Assert.Equal(TestOrders.T0.AddDays(30), stored.ExpiresAt);
        Assert.Equal("WH-1", stored.DestinationLocationId);
        Assert.Equal(2, Assert.Single(stored.Lines).Quantity);
        Assert.Equal("SKU-1", stored.Lines[0].Sku);
        Assert.Contains(ReturnEventTypes.Authorised, await world.HistoryAsync("O-1"));
        var found = await world.Store.FindReturnAsync(result.Return.Number.ToLowerInvariant(), None);
        Assert.Equal("O-1", found!.OrderId);
    }

    [Fact]
    public async Task AuthoriseAsync_MoreThanShipped_FailsWithReturnExceedsShippedAndSavesNothing()
    {
        var world = new ReturnWorld();
        var order = await world.ShippedOrderAsync("O-1", [2]);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 3)), WebShop, None));

        Assert.Equal("RETURN_EXCEEDS_SHIPPED", refused.Code);
        Assert.Equal("order/O-1/line/L1", refused.Subject);
        Assert.Equal(order.Version, (await world.OrderAsync("O-1")).Version);
    }

    [Fact]
    public async Task AuthoriseAsync_UnitsInAnOpenReturn_AreNotReturnableAgainUntilItIsCancelled()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [2]);
        var first = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 2)), WebShop, None);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 1)), WebShop, None));
        await world.Service.CancelAsync(first.Return.Number, "customer changed their mind", Agent, None);
        var second = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 2)), WebShop, None);

        Assert.Equal("RETURN_EXCEEDS_SHIPPED", refused.Code);
        Assert.Equal(ReturnStatus.Authorised, second.Return.Status);
        Assert.Equal(ReturnStatus.Cancelled, (await world.ReturnAsync("O-1", first.Return.Id)).Status);
    }

    [Fact]
    public async Task AuthoriseAsync_SameRequestIdAndRequest_AnswersWithTheReturnItCreated()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [2]);
        var first = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None);

        var repeat = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None);

        Assert.Equal(first.Return.Id, repeat.Return.Id);
        Assert.Single((await world.OrderAsync("O-1")).Document.Returns);
    }

    [Fact]
    public async Task AuthoriseAsync_SameRequestIdDifferentRequest_IsRefusedAsReused()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [2]);
        await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None);

        await Assert.ThrowsAsync<OrderRequestConflictException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 2)), WebShop, None));

        Assert.Single((await world.OrderAsync("O-1")).Document.Returns);
    }

    public static TheoryData<string, Func<AuthoriseReturnCommand, AuthoriseReturnCommand>> InvalidRequests => new()
    {
        { "order_id", c => c with { OrderId = "" } },
        { "request_id", c => c with { RequestId = " " } },
        { "request_id", c => c with { RequestId = new string('r', 129) } },
        { "kind", c => c with { Kind = 0 } },
        { "requested_via", c => c with { RequestedVia = "" } },
        { "lines", c => c with { Lines = [] } },
        { "lines[0].line_id", c => c with { Lines = [c.Lines[0] with { LineId = "" }] } },
        { "lines[0].line_id", c => c with { Lines = [c.Lines[0] with { LineId = "L9" }] } },
        { "lines[1].line_id", c => c with { Lines = [c.Lines[0], c.Lines[0]] } },
        { "lines[0].quantity", c => c with { Lines = [c.Lines[0] with { Quantity = 0 }] } },
        { "lines[0].reason", c => c with { Lines = [c.Lines[0] with { Reason = (ReturnReason)99 }] } },
        { "lines[0].reason_text", c => c with { Lines = [c.Lines[0] with { ReasonText = new string('x', 501) }] } },
        { "lines[0].exchange_sku", c => c with { Lines = [c.Lines[0] with { ExchangeSku = "SKU-9" }] } },
        { "refund_destination", c => c with { RefundDestination = 0 } },
        { "policy_override_reason", c => c with { PolicyOverrideReason = new string('x', 501) } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task AuthoriseAsync_InvalidField_IsRefusedNamingTheFieldAndSavesNothing(string field, Func<AuthoriseReturnCommand, AuthoriseReturnCommand> spoil)
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [2]);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => world.Service.AuthoriseAsync(spoil(Authorise("O-1", "ret-1", ("L1", 1))), Agent, None));

        Assert.Equal(field, refused.ParamName);
        Assert.Empty((await world.OrderAsync("O-1")).Document.Returns);
    }

    [Fact]
    public async Task AuthoriseAsync_TooManyLines_IsRefusedNamingLines()
    {
        var world = new ReturnWorld();
        world.Options.MaxLinesPerReturn = 1;
        await world.ShippedOrderAsync("O-1", [1, 1]);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1), ("L2", 1)), WebShop, None));

        Assert.Equal("lines", refused.ParamName);
    }

    [Fact]
    public async Task AuthoriseAsync_ExchangeSkuOnAnExchange_IsKept()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        var command = Authorise("O-1", "ret-1", ("L1", 1)) with { Kind = ReturnKind.Exchange };
        command = command with { Lines = [command.Lines[0] with { ExchangeSku = "SKU-1-XL" }] };

        var result = await world.Service.AuthoriseAsync(command, WebShop, None);

        Assert.Equal("SKU-1-XL", result.Return.Lines[0].ExchangeSku);
    }

    [Fact]
    public async Task AuthoriseAsync_AnotherChannelsOrder_IsNotFound()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1], channel: "marketplace");

        await Assert.ThrowsAsync<OrderNotFoundException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None));
        await Assert.ThrowsAsync<OrderNotFoundException>(() => world.Service.AuthoriseAsync(Authorise("O-404", "ret-1", ("L1", 1)), Agent, None));
    }

    [Fact]
    public async Task AuthoriseAsync_Customer_SeesOnlyTheirOwnOrders()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1], customerId: "C-1");

        await Assert.ThrowsAsync<OrderNotFoundException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), Customer("C-2"), None));
        var own = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), Customer("C-1"), None);

        Assert.Equal("C-1", own.Return.CreatedBy);
        await Assert.ThrowsAsync<ReturnNotFoundException>(() => world.Service.GetAsync(own.Return.Number, Customer("C-2"), None));
    }

    [Fact]
    public async Task AuthoriseAsync_PolicyRefusesALine_ThrowsRefusedWithTheRuleAndSavesNothing()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1, 1]);
        world.Policy.RefusedLines.Add("L2");

        var refused = await Assert.ThrowsAsync<ReturnRefusedException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1), ("L2", 1)), WebShop, None));

        var refusal = Assert.Single(refused.Refusals);
        Assert.Equal(("L2", "window-30-days"), (refusal.LineId, refusal.Rule));
        Assert.Empty((await world.OrderAsync("O-1")).Document.Returns);
    }

    [Fact]
    public async Task AuthoriseAsync_AgentOverridesThePolicyWithAReason_RecordsWhoAndWhy()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        world.Policy.RefusedLines.Add("L1");

        var result = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)) with { PolicyOverrideReason = "loyal customer, one day late" }, Agent, None);

        Assert.Equal(("agent-1", "loyal customer, one day late"), (result.Return.PolicyOverriddenBy, result.Return.PolicyOverrideReason));
        var authorised = (await world.Store.GetHistoryAsync("O-1", None)).Last(e => e.Event.Type == ReturnEventTypes.Authorised);
        Assert.Equal("loyal customer, one day late", authorised.Event.Reason);
    }

    [Fact]
    public async Task AuthoriseAsync_OverrideReasonFromACallerWhoMayNotOverride_IsPermissionDenied()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);

        await Assert.ThrowsAsync<OrderPermissionDeniedException>(() =>
            world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)) with { PolicyOverrideReason = "please" }, WebShop, None));

        Assert.Empty((await world.OrderAsync("O-1")).Document.Returns);
    }

    [Fact]
    public async Task AuthoriseAsync_FiveDaysAfterDelivery_TellsThePolicyFiveDays()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        world.Clock.Advance(TimeSpan.FromDays(5));

        await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None);

        Assert.True(world.Policy.Requests.TryDequeue(out var request));
        Assert.Equal(5, Assert.Single(request.Lines).DaysSinceDelivery);
    }

    [Fact]
    public async Task AuthoriseAsync_ReplacementThePolicyShipsAhead_DecidesAndCreatesTheLinkedOrderWithADueDate()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        world.Policy.ShipBeforeReturn = true;
        world.Policy.ReturnWithinDays = 10;

        var result = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)) with { Kind = ReturnKind.Replacement }, WebShop, None);

        var stored = await world.ReturnAsync("O-1", result.Return.Id);
        Assert.True(stored.LinkedOrder!.ShippedBeforeReturn);
        Assert.Equal("LINKED-" + stored.Number, stored.LinkedOrder.OrderId);
        Assert.Equal(TestOrders.T0.AddDays(10), stored.ReturnDueBy);
        Assert.False(await world.UnfinishedAsync("O-1"));
    }

    [Fact]
    public async Task AuthoriseAsync_MoreReturnsThanAnOrderKeeps_IsRefusedWithTooManyReturns()
    {
        var world = new ReturnWorld();
        world.Options.MaxReturnsPerOrder = 1;
        await world.ShippedOrderAsync("O-1", [2]);
        await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 1)), WebShop, None));

        Assert.Equal("TOO_MANY_RETURNS", refused.Code);
    }

    [Fact]
    public async Task AuthoriseAsync_NumberTakenByAnotherReturn_RetriesWithANewNumber()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        var tried = new List<string>();
        world.Store.BeforeSave = order =>
        {
            var number = order.Document.Returns.Last().Number;
            tried.Add(number);
            return tried.Count == 1 ? throw new OrderStateException("RETURN_NUMBER_TAKEN", $"return/{number}", "taken") : Task.CompletedTask;
        };

        var result = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None);

        Assert.NotEqual(tried[0], result.Return.Number);
        Assert.Equal(result.Return.Number, Assert.Single((await world.OrderAsync("O-1")).Document.Returns).Number);
    }

    [Fact]
    public async Task AuthoriseAsync_EightConcurrentCallersForTheLastUnit_ExactlyOneWinsTheOthersExceedShipped()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await world.Service.AuthoriseAsync(Authorise("O-1", $"ret-{i}", ("L1", 1)), WebShop, None);
                return "won";
            }
            catch (OrderStateException refused)
            {
                return refused.Code;
            }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(7, outcomes.Count(o => o == "RETURN_EXCEEDS_SHIPPED"));
        Assert.Single((await world.OrderAsync("O-1")).Document.Returns);
    }

    [Fact]
    public async Task ListAsync_ReturnsOfAnOrder_NewestFirstAndAPageSizeOutOfRangeNamesTheField()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [2]);
        var first = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 1)), WebShop, None);

        var page = await world.Service.ListAsync(new ReturnQuery("O-1", null, null, null, null, 0, null), None);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => world.Service.ListAsync(new ReturnQuery("O-1", null, null, null, null, 501, null), None));

        Assert.Equal([second.Return.Number, first.Return.Number], page.Returns.Select(r => r.Number));
        Assert.Equal("page_size", refused.ParamName);
    }
}
