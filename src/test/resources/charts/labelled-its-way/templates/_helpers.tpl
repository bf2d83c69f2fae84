{{- define "labelled.labels" -}}
tier: airflow
component: {{ .component }}
release: {{ .release }}
{{- end -}}
