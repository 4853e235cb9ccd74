{{/*
Helm's standard labels, on every object's metadata besides what config/ puts there (the test strips
exactly these four when it compares the chart with config/). Selectors use app.kubernetes.io/name only, as
config/ does, so `helm upgrade` from a kustomize install keeps the same pods selected.
*/}}
{{- define "songbird.helmLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end }}

{{- define "songbird.selectorLabels" -}}
app.kubernetes.io/name: songbird
{{- end }}

{{/* The namespace whose Canaries a namespaced install reconciles (rbac.watchNamespace, else the release's). */}}
{{- define "songbird.watchNamespace" -}}
{{- .Values.rbac.watchNamespace | default .Release.Namespace -}}
{{- end }}

{{/*
The name of an object that two releases could both want: a cluster-wide one, or one in a namespace
other than the release's. With rbac.scope cluster (one install per cluster) the name as config/ has it;
with namespaced, `<name>-<release namespace>`, so releases in different namespaces never collide.
Call with (list "songbird-leader-election" .).
*/}}
{{- define "songbird.sharedName" -}}
{{- $name := index . 0 -}}
{{- $root := index . 1 -}}
{{- if eq $root.Values.rbac.scope "namespaced" -}}
{{- printf "%s-%s" $name $root.Release.Namespace -}}
{{- else -}}
{{- $name -}}
{{- end -}}
{{- end }}

{{/* SONGBIRD_SLACK_DEFAULT_WEBHOOK as controller/runtime/config.ts reads it: namespace/name:key, or empty. */}}
{{- define "songbird.slackDefaultWebhook" -}}
{{- $webhook := .Values.slack.defaultWebhook -}}
{{- $set := list $webhook.namespace $webhook.name $webhook.key | compact | len -}}
{{- if eq $set 3 -}}
{{- printf "%s/%s:%s" $webhook.namespace $webhook.name $webhook.key -}}
{{- else if ne $set 0 -}}
{{- fail "slack.defaultWebhook: set namespace, name and key together (the Secret's namespace, its name and the data key holding the webhook URL), or none of them" -}}
{{- end -}}
{{- end }}

{{/*
What the controller reads and writes, the same rules in the ClusterRole (rbac.scope cluster) and the
Role (namespaced). Least privilege: no Secrets (each application namespace grants `get` on the Secrets its
Canaries name, examples/secrets-role.yaml), no delete on Deployments or Services (garbage collection
removes what a Canary owns once the controller has handed the service back and removed its finalizer).
*/}}
{{- define "songbird.controllerRules" -}}
# patch/update: the controller adds and removes its finalizer (songbird.dev/hand-back) on each Canary;
# it never writes a Canary's spec.
- apiGroups: [songbird.dev]
  resources: [canaries]
  verbs: [get, list, watch, update, patch]
- apiGroups: [songbird.dev]
  resources: [canaries/status]
  verbs: [get, update, patch]
# Owned objects set blockOwnerDeletion, which clusters enforcing owner-reference permissions check here.
- apiGroups: [songbird.dev]
  resources: [canaries/finalizers]
  verbs: [update]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, update, patch]
- apiGroups: [apps]
  resources: [deployments/scale]
  verbs: [get, update, patch]
# The target's HPA is read; the primary's copy (<target>-primary, owned by the Canary) is written and deleted.
- apiGroups: [autoscaling]
  resources: [horizontalpodautoscalers]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [services]
  verbs: [get, list, watch, create, update, patch]
- apiGroups: [networking.istio.io]
  resources: [virtualservices, destinationrules]
  verbs: [get, list, watch, create, update, patch]
# A Canary that stops serving gateways deletes the <svc>-gateway VirtualService it owns (adapters/istio/apply-routes.ts).
- apiGroups: [networking.istio.io]
  resources: [virtualservices]
  verbs: [delete]
# The Gateway API router's HTTPRoute <svc> (adapters/gateway-api/gateway-api-router.ts).
- apiGroups: [gateway.networking.k8s.io]
  resources: [httproutes]
  verbs: [get, list, watch, create, update]
- apiGroups: ["", events.k8s.io]
  resources: [events]
  verbs: [create, patch]
{{- end }}

{{/*
Refuses an extraEnv entry the chart sets itself or whose value must match the chart's objects: a
duplicate env name fails server-side apply without naming extraEnv; SONGBIRD_METRICS_PORT/HOST would
leave the probes and the Service on 8080; SONGBIRD_LEADER_ELECTION=false with two replicas runs two
leaders.
*/}}
{{- define "songbird.checkExtraEnv" -}}
{{- $fromValues := dict "POD_NAMESPACE" "the downward API" "SONGBIRD_PROMETHEUS_URL" "prometheus.url" "LOG_LEVEL" "logLevel" "SONGBIRD_NAMESPACE" "rbac.scope and rbac.watchNamespace" "SONGBIRD_SLACK_DEFAULT_WEBHOOK" "slack.defaultWebhook" "SONGBIRD_SLACK_NOTIFY_ON" "slack.notifyOn" "SONGBIRD_METRICS_PORT" "nothing: the probes and the metrics Service use port 8080" "SONGBIRD_METRICS_HOST" "nothing: the probes need 0.0.0.0" "SONGBIRD_LEADER_ELECTION" "nothing: replicas above 1 need leader election" -}}
{{- range $i, $env := .Values.extraEnv -}}
{{- with get $fromValues $env.name -}}
{{- fail (printf "extraEnv[%d].name: %s is set by the chart (from %s); remove it from extraEnv" $i $env.name .) -}}
{{- end -}}
{{- end -}}
{{- end }}
