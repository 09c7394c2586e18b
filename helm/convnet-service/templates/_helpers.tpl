{{- define "convnet.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "convnet.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "convnet.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Names of the Secrets the pods read: the user's own (existingSecret) or the one this chart writes. */}}
{{- define "convnet.databaseSecret" -}}
{{- default (printf "%s-database" (include "convnet.fullname" .)) .Values.database.existingSecret -}}
{{- end -}}

{{- define "convnet.objectStoreSecret" -}}
{{- default (printf "%s-object-store" (include "convnet.fullname" .)) .Values.storage.s3.credentials.existingSecret -}}
{{- end -}}

{{- define "convnet.apiKeysSecret" -}}
{{- default (printf "%s-api-keys" (include "convnet.fullname" .)) .Values.security.apiKeys.existingSecret -}}
{{- end -}}

{{- define "convnet.objectStoreCredentials" -}}
{{- or .Values.storage.s3.credentials.existingSecret .Values.storage.s3.credentials.accessKey -}}
{{- end -}}

{{/* Values that pass the schema but leave a pod waiting for a Secret nobody writes. */}}
{{- define "convnet.validate" -}}
{{- if not (or .Values.database.existingSecret .Values.database.password) -}}
{{- fail "database: set existingSecret (a Secret holding the password) or password" -}}
{{- end -}}
{{- if not (or .Values.security.apiKeys.existingSecret .Values.security.apiKeys.files) -}}
{{- fail "security.apiKeys: set existingSecret (a Secret of key files) or files; every node must share the same keys" -}}
{{- end -}}
{{- end -}}
