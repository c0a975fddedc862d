#!/bin/sh
# Creates the namespace and the SLA search attributes the service filters on (idempotent).
set -eu
NS=${DEFAULT_NAMESPACE:-default}
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do echo 'waiting for temporal...'; sleep 1; done
temporal operator namespace describe -n "$NS" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 \
  || temporal operator namespace create -n "$NS" --retention 30d --address "$TEMPORAL_ADDRESS"
# Keep in sync with src/temporal/search-attributes.ts (a test checks this list).
for sa in SlaCaseId=Keyword SlaCaseNumber=Keyword SlaKpi=Keyword SlaState=Keyword SlaWarningAt=Datetime SlaFailureAt=Datetime SlaBreached=Bool; do
  temporal operator search-attribute create -n "$NS" --address "$TEMPORAL_ADDRESS" --name "${sa%%=*}" --type "${sa#*=}" 2>/dev/null || true
done
echo "namespace $NS ready"
