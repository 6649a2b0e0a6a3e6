#!/bin/sh
# Publishes policy folders to a FHIR server, as a payer publishes to its knowledge repository: every *.json file of
# each folder under /policies (one resource per file, named <ResourceType>-<id>.json) is PUT to <base>/<type>/<id>.
# A Library whose content names a .cql file of its folder ("url": "X.cql") is sent carrying that file as its
# base64 "data", so the server's Library holds the CQL itself (the CRD service reads nothing else from the folder).
# Usage: seed-policies.sh [base-url]   (default http://hapi:8080/fhir; folders from $POLICIES, default /policies)
set -eu
base="${1:-http://hapi:8080/fhir}"
policies="${POLICIES:-/policies}"
for folder in "$policies"/*/; do
  for file in "$folder"*.json; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .json)
    type=${name%%-*}
    id=${name#*-}
    body=$(cat "$file")
    for cql in "$folder"*.cql; do
      [ -e "$cql" ] || continue
      cqlname=$(basename "$cql")
      data=$(base64 "$cql" | tr -d '\n')
      body=$(printf '%s' "$body" | sed "s|\"url\": \"$cqlname\"|\"data\": \"$data\", \"url\": \"$cqlname\"|")
    done
    printf '%s' "$body" | curl -fsS -o /dev/null -w "published $type/$id: HTTP %{http_code}\n" -X PUT \
      -H "Content-Type: application/fhir+json" --data-binary @- "$base/$type/$id"
  done
done
