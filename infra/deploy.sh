#!/usr/bin/env bash
# Deploys ShopPipeline to Azure, checks it, or tears it down. See docs/deploy.md.
#
#   infra/deploy.sh up    ENV RESOURCE_GROUP [LOCATION]   stage 1, buyer key, stores registry, build + publish, zip
#                                                         deploy, stage 2 (Event Grid), Status keys, smoke check
#   infra/deploy.sh smoke ENV RESOURCE_GROUP              upload a sample export and poll the Status endpoint
#   infra/deploy.sh down  ENV RESOURCE_GROUP              delete the resource group and purge the soft-deleted vault
#
# ENV names infra/env/ENV.parameters.json. Optional environment:
#   STORES_FILE        the stores registry to upload to config/stores.json (default: samples/stores.json)
#   SMOKE_STORE, SMOKE_FILE  the store folder and the export the smoke check uploads (default: a sample JD export)
#   DEPLOYER_PRINCIPAL_ID    object id to grant the deployer's data roles to (default: the signed-in user)
#   DEPLOYER_PRINCIPAL_TYPE  User (default) or ServicePrincipal
set -euo pipefail
cd "$(dirname "$0")/.."

MAIN_DEPLOYMENT=shoppipe-main
EVENTGRID_DEPLOYMENT=shoppipe-eventgrid
WORK=.deploy

die() { echo "deploy: $*" >&2; exit 1; }
step() { echo; echo "==> $*"; }

# Repeats a command until it succeeds, at most $1 times, $2 seconds apart: role assignments and a freshly deployed
# host take a while to take effect.
retry() {
  local attempts=$1 pause=$2; shift 2
  local n
  for ((n = 1; n <= attempts; n++)); do
    if "$@"; then return 0; fi
    [ "$n" -lt "$attempts" ] && sleep "$pause"
  done
  return 1
}

require() {
  command -v az >/dev/null || die "the Azure CLI (az) is missing: https://learn.microsoft.com/cli/azure/install-azure-cli"
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is missing: https://dotnet.microsoft.com/download"
  command -v openssl >/dev/null || die "openssl is missing (it generates the buyer key)"
  command -v curl >/dev/null || die "curl is missing (the smoke check calls the Status endpoint)"
  command -v python3 >/dev/null || die "python3 is missing (it reads the stores registry and the Status answers)"
  az account show --query id -o tsv >/dev/null 2>&1 || die "not signed in: run 'az login' and 'az account set --subscription <id>'"
}

output() { az deployment group show -g "$RG" -n "$MAIN_DEPLOYMENT" --query "properties.outputs.$1.value" -o tsv; }

up() {
  local params="infra/env/$ENVIRONMENT.parameters.json"
  [ -f "$params" ] || die "no $params: copy infra/env/dev.parameters.json and set environmentName"
  local stores="${STORES_FILE:-samples/stores.json}"
  [ -f "$stores" ] || die "no stores registry at $stores: set STORES_FILE"
  mkdir -p "$WORK"

  step "1/9 Resource group $RG in $LOCATION"
  az group create -n "$RG" -l "$LOCATION" --output none

  step "2/9 Stage 1: storage, identity, monitoring, Key Vault, ACS Email, the function app, role assignments"
  local deployer="${DEPLOYER_PRINCIPAL_ID:-$(az ad signed-in-user show --query id -o tsv)}"
  az deployment group create -g "$RG" -n "$MAIN_DEPLOYMENT" -f infra/main.bicep -p "@$params" \
    -p location="$LOCATION" deployerPrincipalId="$deployer" deployerPrincipalType="${DEPLOYER_PRINCIPAL_TYPE:-User}" --output none
  local app storage vault secret
  app=$(output functionAppName)
  storage=$(output storageAccountName)
  vault=$(output keyVaultName)
  secret=$(output buyerKeySecretName)

  step "3/9 Buyer key in Key Vault $vault (created once, never printed)"
  if az keyvault secret show --vault-name "$vault" --name "$secret" --query id -o tsv >/dev/null 2>&1; then
    echo "kept the existing $secret"
  else
    retry 20 15 az keyvault secret set --vault-name "$vault" --name "$secret" --value "$(openssl rand -base64 32)" --output none \
      || die "could not set the secret $secret in $vault: does your account have Key Vault Secrets Officer on it?"
  fi

  step "4/9 Stores registry $stores -> config/stores.json"
  retry 20 15 az storage blob upload --auth-mode login --account-name "$storage" -c config -n stores.json -f "$stores" --overwrite --output none \
    || die "could not upload the stores registry: does your account have Storage Blob Data Contributor on $storage?"

  step "5/9 Build, and publish the Functions zip (shoppipe publish)"
  dotnet build ShopPipeline.sln -c Release
  dotnet run --project functions -c Release -- publish --out "$WORK/shoppipe-functions.zip"

  step "6/9 Zip deployment to $app"
  retry 5 30 az functionapp deployment source config-zip -g "$RG" -n "$app" --src "$WORK/shoppipe-functions.zip" --output none \
    || die "the zip deployment to $app failed"

  step "7/9 Waiting for the host to load the blob trigger (its blobs_extension key)"
  retry 30 10 blobs_key_ready "$app" || die "the host of $app has no blobs_extension key after 5 minutes: check the app's logs in Application Insights"

  step "8/9 Stage 2: Event Grid system topic and BlobCreated subscription"
  az deployment group create -g "$RG" -n "$EVENTGRID_DEPLOYMENT" -f infra/eventgrid.bicep -p storageAccountName="$storage" functionAppName="$app" --output none

  step "9/9 Status keys: agency, and client-<id> per client of the registry"
  az functionapp keys set -g "$RG" -n "$app" --key-type functionKeys --key-name agency --output none
  for client in $(python3 -c 'import json,re,sys; text=open(sys.argv[1],encoding="utf-8").read(); text=re.sub(r"(?m)^\s*//.*$","",text); text=re.sub(r",(\s*[}\]])",r"\1",text); print(" ".join(c["id"] for c in json.loads(text)["clients"]))' "$stores"); do
    az functionapp keys set -g "$RG" -n "$app" --key-type functionKeys --key-name "client-$client" --output none
  done

  smoke
  echo
  echo "Deployed. Status: $(output statusUrl) (key: az functionapp keys list -g $RG -n $app --query functionKeys)"
  echo "Exports go to $(output exportsUrl)<store id>/; Parquet is read from $(output curatedUrl)"
}

blobs_key_ready() {
  local key
  key=$(az functionapp keys list -g "$RG" -n "$1" --query systemKeys.blobs_extension -o tsv 2>/dev/null || true)
  [ -n "$key" ]
}

smoke() {
  local app host storage key store file name
  app=$(output functionAppName)
  host=$(output functionAppHostName)
  storage=$(output storageAccountName)
  store="${SMOKE_STORE:-lotus-jd}"
  file="${SMOKE_FILE:-samples/exports/lotus-jd/orders_2026-11-19_2026-11-20.csv}"
  name=$(basename "$file")

  step "Smoke check: upload $file to exports/$store/ and poll $host/api/status/uploads/$store"
  key=$(az functionapp keys list -g "$RG" -n "$app" --query functionKeys.agency -o tsv)
  [ -n "$key" ] || die "no 'agency' function key on $app: run 'infra/deploy.sh up' first"
  retry 10 15 az storage blob upload --auth-mode login --account-name "$storage" -c exports -n "$store/$name" -f "$file" --overwrite --output none \
    || die "could not upload the smoke export"

  local n body
  for ((n = 1; n <= 40; n++)); do
    body=$(curl -fsS "https://$host/api/status/uploads/$store?code=$key" 2>/dev/null || true)
    if SMOKE_NAME="$name" python3 -c '
import json, os, sys
body = json.loads(sys.stdin.read() or "{}")
name = os.environ["SMOKE_NAME"]
stored = any(str(u.get("file", "")).endswith(name) and u.get("status") in ("Stored", "Unchanged") for u in body.get("uploads", []))
sys.exit(0 if stored and len(body.get("runs", [])) > 0 else 1)' <<<"$body"; then
      echo "smoke check passed: the upload of $store/$name is recorded"
      return 0
    fi
    sleep 15
  done
  echo "$body" >&2
  die "no processed upload of $store/$name after 10 minutes: look at the IngestExport and ProcessExport logs in Application Insights"
}

down() {
  local vault
  vault=$(output keyVaultName 2>/dev/null || true)
  step "Deleting resource group $RG"
  az group delete -n "$RG" --yes
  if [ -n "$vault" ]; then
    step "Purging the soft-deleted vault $vault (fails harmlessly when purge protection is on)"
    az keyvault purge --name "$vault" || echo "vault $vault stays soft-deleted for its retention period"
  fi
}

[ $# -ge 3 ] || die "usage: infra/deploy.sh up|smoke|down ENV RESOURCE_GROUP [LOCATION]"
COMMAND=$1
ENVIRONMENT=$2
RG=$3
LOCATION=${4:-eastasia}
require
case "$COMMAND" in
  up) up ;;
  smoke) smoke ;;
  down) down ;;
  *) die "unknown command '$COMMAND': use up, smoke or down" ;;
esac
