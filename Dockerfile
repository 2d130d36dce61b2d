# Self-hosting image: docker compose up (see docker-compose.yml and README.md, "Self-hosting").
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone first, so a change to the sources reuses the restored layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/LicenseServer.Api/LicenseServer.Api.csproj src/LicenseServer.Api/
COPY src/LicenseServer.Core/LicenseServer.Core.csproj src/LicenseServer.Core/
COPY migrations/LicenseServer.Migrations/LicenseServer.Migrations.csproj migrations/LicenseServer.Migrations/
RUN dotnet restore src/LicenseServer.Api/LicenseServer.Api.csproj
COPY src/ src/
COPY migrations/ migrations/
# Publishing leaves out EF Core's design-time assemblies (see the Api project file).
RUN dotnet publish src/LicenseServer.Api -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV LICENSESERVER_URLS=http://0.0.0.0:8080 \
    Server__MigrateOnStartup=true
EXPOSE 8080
# The server key and the artifacts live here (volumes in docker-compose.yml), writable by the app user only.
RUN mkdir -p /var/lib/licenseserver/keys /var/lib/licenseserver/artifacts \
    && chown app:app /var/lib/licenseserver/keys /var/lib/licenseserver/artifacts && chmod 700 /var/lib/licenseserver/keys
# Non-root: the aspnet image's unprivileged `app` user.
USER app
# Ready = the server answers and its database does. The image has no curl: the server binary asks itself.
HEALTHCHECK --interval=15s --timeout=8s --start-period=90s --retries=3 \
    CMD ["dotnet", "LicenseServer.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "LicenseServer.Api.dll"]
