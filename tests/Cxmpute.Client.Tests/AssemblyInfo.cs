// The cluster scenarios start several .NET processes and an Azurite: one test class after another on small machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
