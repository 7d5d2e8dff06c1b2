# The Cxmpute host (src/Cxmpute.Silo) as a container image: one image for every role (combined, silo,
# frontend; set CXMPUTE_ROLE). Used by docker-compose.yml; build it from the repository root:
#
#   docker build -t cxmpute-silo .
#
# Configuration comes from /app/silo-config (a copy of silo-config/ is baked in; docker-compose.yml
# mounts the repository's folder over it) and from environment variables (docs/api.md).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Restore first, from the project files only, so that the package layer is cached across code changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Cxmpute.Rewards/Cxmpute.Rewards.csproj src/Cxmpute.Rewards/
COPY src/Cxmpute.Abstractions/Cxmpute.Abstractions.csproj src/Cxmpute.Abstractions/
COPY src/Cxmpute.Grains/Cxmpute.Grains.csproj src/Cxmpute.Grains/
COPY src/Cxmpute.Api/Cxmpute.Api.csproj src/Cxmpute.Api/
COPY src/Cxmpute.Silo/Cxmpute.Silo.csproj src/Cxmpute.Silo/
RUN dotnet restore src/Cxmpute.Silo/Cxmpute.Silo.csproj
COPY src/ src/
RUN dotnet publish src/Cxmpute.Silo/Cxmpute.Silo.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY silo-config/ ./silo-config/
# HTTP on 8080 on every interface (the API, /health/*, and on silos /dashboard); Orleans silo-to-silo on
# 11111 and the client gateway on 30000. A silo advertises CXMPUTE_ADVERTISED_IP to the others.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    CXMPUTE_CONFIG_DIR=/app/silo-config \
    Cxmpute__Orleans__ListenOnAnyHostAddress=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080 11111 30000
USER $APP_UID
ENTRYPOINT ["dotnet", "Cxmpute.Silo.dll"]
