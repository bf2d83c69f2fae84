{{- define "airflow.labels" -}}
app.kubernetes.io/name: airflow
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* Selector labels of one component; call with (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.selector" -}}
app.kubernetes.io/name: airflow
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Resources per size: replicas, requests and limits of each component, and the namespace totals. */}}
{{- define "airflow.size" -}}
{{- $sizes := dict
  "small"  (dict "replicas" 1 "cpu" "250m" "memory" "512Mi" "cpuLimit" "1" "memoryLimit" "1Gi" "quotaCpu" "4" "quotaMemory" "8Gi" "pods" "20")
  "medium" (dict "replicas" 2 "cpu" "500m" "memory" "1Gi" "cpuLimit" "2" "memoryLimit" "2Gi" "quotaCpu" "16" "quotaMemory" "32Gi" "pods" "100")
  "large"  (dict "replicas" 3 "cpu" "1" "memory" "2Gi" "cpuLimit" "4" "memoryLimit" "8Gi" "quotaCpu" "64" "quotaMemory" "128Gi" "pods" "400")
-}}
{{- if not (hasKey $sizes .Values.size) -}}
{{- fail (printf "size %q is not one of small, medium, large" (toString .Values.size)) -}}
{{- end -}}
{{- toYaml (get $sizes .Values.size) -}}
{{- end }}

{{- define "airflow.pullSecrets" -}}
{{- if .Values.nspool.pullSecrets }}
imagePullSecrets:
{{- range .Values.nspool.pullSecrets }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}
