// The tests start several .NET processes each; run them one after another on small machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
