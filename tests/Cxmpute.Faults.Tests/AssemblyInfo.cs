// Every scenario starts several .NET processes and an Azurite: one after another on small machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
