{{/*
The settings every template uses, as JSON: nspool's own keys, or the seed's (Astronomer) keys mapped
onto them. Contradictory combinations fail here, naming the keys and what to do.
*/}}
{{- define "nspool.settings" -}}
{{- $global := .Values.global | default dict -}}
{{- $features := $global.features | default dict -}}
{{- $pools := $features.namespacePools | default dict -}}
{{- $poolsNs := $pools.namespaces | default dict -}}
{{- $astronomer := .Values.astronomer | default dict -}}
{{- $houston := $astronomer.houston | default dict -}}
{{- $houstonConfig := $houston.config | default dict -}}
{{- $deployments := $houstonConfig.deployments | default dict -}}
{{- $pool := .Values.pool | default dict -}}

{{- if and (hasKey $pools "enabled") (not $pools.enabled) -}}
{{- fail "global.features.namespacePools.enabled is false, but nspool only runs with a pool of pre-created namespaces (it holds no ClusterRole and never creates a namespace per deployment): set it to true (or remove it) and list the namespaces in global.features.namespacePools.namespaces.names or pool.namespaces. To stop using nspool, run helm uninstall: every pool namespace and everything in it is kept." -}}
{{- end -}}
{{- $selector := $pool.namespaceSelector -}}
{{- if and (hasKey $global "clusterRoles") $global.clusterRoles (not $selector) -}}
{{- fail "global.clusterRoles is true, but with a list of pool namespaces nspool holds namespace-scoped Roles only and this chart renders no ClusterRole or ClusterRoleBinding: set global.clusterRoles to false (or remove it), or choose dynamic mode (pool.namespaceSelector), the one mode with a ClusterRole." -}}
{{- end -}}
{{- if and $selector (hasKey $global "clusterRoles") (not $global.clusterRoles) -}}
{{- fail "pool.namespaceSelector chooses dynamic mode, which needs a ClusterRole (see nspool docs/architecture.md, Dynamic mode), but global.clusterRoles is false: set global.clusterRoles to true (or remove it), or list the namespaces in pool.namespaces instead." -}}
{{- end -}}
{{- if and $selector (not (or $selector.matchLabels $selector.matchExpressions)) -}}
{{- fail "pool.namespaceSelector selects by no label: an empty selector would take every namespace of the cluster into the pool; give matchLabels or matchExpressions." -}}
{{- end -}}
{{- if and (hasKey $deployments "manualNamespaceNames") (not $deployments.manualNamespaceNames) -}}
{{- fail "astronomer.houston.config.deployments.manualNamespaceNames is false, which means a namespace created for each deployment, but with namespace pools every deployment takes one of the pool's namespaces: set it to true (or remove it)." -}}
{{- end -}}

{{- $preCreated := list -}}
{{- range ($deployments.preCreatedNamespaces | default list) -}}
{{- if kindIs "map" . -}}
{{- $preCreated = append $preCreated (.name | default "" | toString) -}}
{{- else -}}
{{- $preCreated = append $preCreated (. | toString) -}}
{{- end -}}
{{- end -}}
{{- $sources := list -}}
{{- with $pool.namespaces -}}
{{- $sources = append $sources (dict "key" "pool.namespaces" "names" .) -}}
{{- end -}}
{{- with $poolsNs.names -}}
{{- $sources = append $sources (dict "key" "global.features.namespacePools.namespaces.names" "names" .) -}}
{{- end -}}
{{- with $preCreated -}}
{{- $sources = append $sources (dict "key" "astronomer.houston.config.deployments.preCreatedNamespaces" "names" .) -}}
{{- end -}}
{{- if and $selector $sources -}}
{{- fail (printf "pool.namespaceSelector and %s both choose the pool's namespaces: set only one of them (a selector for dynamic mode, or a list)." (first $sources).key) -}}
{{- end -}}
{{- if $selector -}}
{{- $sources = list (dict "key" "pool.namespaceSelector" "names" list) -}}
{{- end -}}
{{- if not $sources -}}
{{- fail "no pool namespaces: list them in pool.namespaces (or global.features.namespacePools.namespaces.names, or astronomer.houston.config.deployments.preCreatedNamespaces), or select them by label with pool.namespaceSelector (dynamic mode)." -}}
{{- end -}}
{{- $first := first $sources -}}
{{- range (rest $sources) -}}
{{- if ne (sortAlpha .names | toJson) (sortAlpha $first.names | toJson) -}}
{{- fail (printf "%s %s and %s %s both list the pool's namespaces and differ: set only one of them (nspool's own key is pool.namespaces), or make both list the same namespaces." $first.key (toJson $first.names) .key (toJson .names)) -}}
{{- end -}}
{{- end -}}
{{- $names := $first.names -}}
{{- range $names -}}
{{- $name := . | toString -}}
{{- if or (gt (len $name) 63) (not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $name)) -}}
{{- fail (printf "%s: %q is not a namespace name: it must be a DNS-1123 label (lowercase letters, digits and '-', at most 63)." $first.key $name) -}}
{{- end -}}
{{- if eq $name $.Release.Namespace -}}
{{- fail (printf "%s: %q is the control namespace (the release namespace), which cannot be a pool namespace: install the chart in a namespace of its own (helm install -n nspool-system)." $first.key $name) -}}
{{- end -}}
{{- end -}}
{{- if ne (len $names) (len (uniq $names)) -}}
{{- fail (printf "%s %s lists a namespace more than once: list each once." $first.key (toJson $names)) -}}
{{- end -}}

{{- $create := true -}}
{{- $createKey := "" -}}
{{- if hasKey $pool "createNamespaces" -}}
{{- $create = $pool.createNamespaces -}}
{{- $createKey = "pool.createNamespaces" -}}
{{- end -}}
{{- if hasKey $poolsNs "create" -}}
{{- if and $createKey (ne $poolsNs.create $create) -}}
{{- fail (printf "pool.createNamespaces is %v but global.features.namespacePools.namespaces.create is %v: set only one of them." $create $poolsNs.create) -}}
{{- end -}}
{{- $create = $poolsNs.create -}}
{{- $createKey = "global.features.namespacePools.namespaces.create" -}}
{{- end -}}
{{- if $preCreated -}}
{{- if not $createKey -}}
{{- $create = false -}}
{{- else if $create -}}
{{- fail (printf "astronomer.houston.config.deployments.preCreatedNamespaces lists namespaces you created yourself, but %s is true, which would have the chart create them (and Helm refuses to take over existing namespaces): set %s to false, or list the namespaces in global.features.namespacePools.namespaces.names instead to have the chart create them." $createKey $createKey) -}}
{{- end -}}
{{- end -}}

{{- $hardDelete := false -}}
{{- if hasKey $pool "hardDelete" -}}
{{- $hardDelete = $pool.hardDelete -}}
{{- end -}}
{{- if hasKey $deployments "hardDeleteDeployment" -}}
{{- if and (hasKey $pool "hardDelete") (ne $pool.hardDelete $deployments.hardDeleteDeployment) -}}
{{- fail (printf "pool.hardDelete is %v but astronomer.houston.config.deployments.hardDeleteDeployment is %v: set only one of them." $pool.hardDelete $deployments.hardDeleteDeployment) -}}
{{- end -}}
{{- $hardDelete = $deployments.hardDeleteDeployment -}}
{{- end -}}
{{- if $selector -}}
{{- $create = false -}}
{{- end -}}
{{- toJson (dict "namespaces" $names "createNamespaces" $create "hardDelete" $hardDelete "dynamic" (not (empty $selector))) -}}
{{- end -}}

{{/* What nspool owns: the label its Roles carry (io.nspool.rbac.NspoolRoles.LABELS). */}}
{{- define "nspool.ownLabels" -}}
app.kubernetes.io/managed-by: nspool
{{- end -}}

{{/* Labels of the server's objects (Deployment, Service). */}}
{{- define "nspool.serverLabels" -}}
app.kubernetes.io/name: nspool
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "nspool.selector" -}}
app.kubernetes.io/name: nspool
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{/*
The rules added to the fixed ones: those the values declare (installerRules), then those the pool's
chart catalogue needs (catalogueRules, as nspool install derives them), each once, as a YAML list
(empty when none).
*/}}
{{- define "nspool.installerRules" -}}
{{- with include "nspool.allInstallerRules" . | fromJsonArray }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* installerRules then catalogueRules, each rule once, as JSON. */}}
{{- define "nspool.allInstallerRules" -}}
{{- concat (.Values.pool.installerRules | default list) (.Values.pool.catalogueRules | default list) | uniq | toJson -}}
{{- end -}}

{{/*
The dynamic mode's admission gate: a CEL expression over namespaceObject, true exactly when the
namespace's labels match pool.namespaceSelector. The same text as
io.nspool.pool.NamespaceSelector#toCel (ChartTest compares them).
*/}}
{{- define "nspool.selectorCel" -}}
{{- $labels := "namespaceObject.metadata.labels" -}}
{{- $has := printf "has(%s)" $labels -}}
{{- $terms := list -}}
{{- range $k, $v := (.matchLabels | default dict) -}}
{{- $terms = append $terms (printf "(%s && '%s' in %s && %s['%s'] == '%s')" $has $k $labels $labels $k $v) -}}
{{- end -}}
{{- range (.matchExpressions | default list) -}}
{{- $in := printf "'%s' in %s" .key $labels -}}
{{- $quoted := list -}}
{{- range (.values | default list) -}}
{{- $quoted = append $quoted (printf "'%s'" .) -}}
{{- end -}}
{{- $values := printf "[%s]" (join ", " $quoted) -}}
{{- if eq .operator "In" -}}
{{- $terms = append $terms (printf "(%s && %s && %s['%s'] in %s)" $has $in $labels .key $values) -}}
{{- else if eq .operator "NotIn" -}}
{{- $terms = append $terms (printf "(!%s || !(%s) || !(%s['%s'] in %s))" $has $in $labels .key $values) -}}
{{- else if eq .operator "Exists" -}}
{{- $terms = append $terms (printf "(%s && %s)" $has $in) -}}
{{- else if eq .operator "DoesNotExist" -}}
{{- $terms = append $terms (printf "(!%s || !(%s))" $has $in) -}}
{{- else -}}
{{- fail (printf "pool.namespaceSelector.matchExpressions: %q is not an operator: use In, NotIn, Exists or DoesNotExist." .operator) -}}
{{- end -}}
{{- end -}}
{{- join " && " $terms -}}
{{- end -}}

{{/* The selector in Kubernetes' text form, as io.nspool.pool.NamespaceSelector#toString. */}}
{{- define "nspool.selectorText" -}}
{{- $terms := list -}}
{{- range $k, $v := (.matchLabels | default dict) -}}
{{- $terms = append $terms (printf "%s=%s" $k $v) -}}
{{- end -}}
{{- range (.matchExpressions | default list) -}}
{{- if eq .operator "In" -}}
{{- $terms = append $terms (printf "%s in (%s)" .key (join "," (.values | default list))) -}}
{{- else if eq .operator "NotIn" -}}
{{- $terms = append $terms (printf "%s notin (%s)" .key (join "," (.values | default list))) -}}
{{- else if eq .operator "Exists" -}}
{{- $terms = append $terms .key -}}
{{- else -}}
{{- $terms = append $terms (printf "!%s" .key) -}}
{{- end -}}
{{- end -}}
{{- join "," $terms -}}
{{- end -}}

{{- /*
The installer ServiceAccount of one pool namespace (the argument), in the control namespace: the one
naming rule, io.nspool.rbac.InstallerIdentity#serviceAccountName.
*/ -}}
{{- define "nspool.installerAccount" -}}
installer-{{ . }}
{{- end -}}
