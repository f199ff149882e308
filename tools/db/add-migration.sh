#!/usr/bin/env bash
# Adds an EF Core migration for a model change, once per provider: SQLite (src/SaeExplorer.Data/Migrations, context
# SaexDbContext) and PostgreSQL (Migrations/Postgres, context PostgresSaexDbContext). Both are applied by the app at
# start (SaexDatabase.MigrateAsync). Usage: tools/db/add-migration.sh NAME   (e.g. SeveralSaes; run from anywhere)
# Raw SQL a change needs (full-text search, triggers) goes into each generated file by hand: see docs/team-server.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
name="${1:?usage: tools/db/add-migration.sh NAME}"
dotnet tool restore >/dev/null
dotnet build src/SaeExplorer.Data -v q -nologo
ef=(dotnet ef migrations add "$name" --project src/SaeExplorer.Data --startup-project src/SaeExplorer.Data --no-build)
"${ef[@]}" --context SaexDbContext --output-dir Migrations
"${ef[@]}" --context PostgresSaexDbContext --output-dir Migrations/Postgres --namespace SaeExplorer.Data.Migrations.Postgres
echo "Added migration $name for SQLite (src/SaeExplorer.Data/Migrations) and PostgreSQL (src/SaeExplorer.Data/Migrations/Postgres)."
