# Self-hosting image: docker compose up (see docker-compose.yml and README.md).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/LicenseServer.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV LICENSESERVER_URLS=http://0.0.0.0:8080 \
    Server__MigrateOnStartup=true
EXPOSE 8080
# The server key lives here (a volume in docker-compose.yml), writable by the app user only.
RUN mkdir -p /var/lib/licenseserver/keys && chown app:app /var/lib/licenseserver/keys && chmod 700 /var/lib/licenseserver/keys
USER app
ENTRYPOINT ["dotnet", "LicenseServer.Api.dll"]
