#!/usr/bin/env bash
# Prints a CDS Hooks 2.0 bearer token (a JWT signed RS384) from the docker-compose demo EHR, whose issuer
# "http://demo-ehr" the demo service trusts, for a call to the service URL given (the token's aud).
#   curl -H "Authorization: Bearer $(demo/ehr/token.sh http://localhost:8080/cds-services/crd-order-sign)" ...
# DEMO ONLY: the private key next to this script is public. Never trust this issuer outside the demo.
set -euo pipefail
aud=${1:?usage: token.sh <service url, e.g. http://localhost:8080/cds-services/crd-order-sign>}
key="$(cd "$(dirname "$0")" && pwd)/demo-ehr-private-key.pem"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header='{"alg":"RS384","typ":"JWT","kid":"demo-ehr-1"}'
payload=$(printf '{"iss":"http://demo-ehr","sub":"demo-ehr-client","aud":"%s","iat":%d,"exp":%d,"jti":"%s"}' \
    "$aud" "$now" "$((now + 300))" "$(openssl rand -hex 16)")
signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$signing_input" | openssl dgst -sha384 -sign "$key" | b64url)
printf '%s.%s\n' "$signing_input" "$signature"
