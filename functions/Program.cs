using ShopPipeline.Functions.Cli;

return await ShoppipeCommand.InvokeAsync(args, Console.Out, Console.Error);
