using LicenseServer.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(TestApp))]
