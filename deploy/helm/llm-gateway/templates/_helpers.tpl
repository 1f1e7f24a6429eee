{{/* The chart's name, or nameOverride. */}}
{{- define "llm-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The objects' name: fullnameOverride, or the release name (with the chart's name unless it contains it). */}}
{{- define "llm-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "llm-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "llm-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "llm-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "llm-gateway.labels" -}}
helm.sh/chart: {{ include "llm-gateway.chart" . }}
{{ include "llm-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret whose keys become the gateway's environment. */}}
{{- define "llm-gateway.secretName" -}}
{{- default (include "llm-gateway.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* True (non-empty) when the gateways use Redis: the bundled chart or an external one. */}}
{{- define "llm-gateway.redisEnabled" -}}
{{- if or .Values.redis.enabled .Values.externalRedis.addr }}true{{ end }}
{{- end }}

{{/* host:port of Redis: the bundled chart's master Service, or externalRedis.addr. */}}
{{- define "llm-gateway.redisAddr" -}}
{{- if .Values.redis.enabled }}
{{- printf "%s-redis-master:6379" .Release.Name }}
{{- else }}
{{- .Values.externalRedis.addr }}
{{- end }}
{{- end }}

{{/*
The gateway's YAML: .Values.config, with storage.runtime set when Redis is on. Its address and password
reach the config as ${REDIS_ADDR} and ${REDIS_PASSWORD}, set by the Deployment; key_prefix names the
release, so that several releases can share one Redis.
*/}}
{{- define "llm-gateway.config" -}}
{{- $config := deepCopy .Values.config }}
{{- if include "llm-gateway.redisEnabled" . }}
{{- $runtime := dict "type" "redis" "addr" "${REDIS_ADDR}" "password" "${REDIS_PASSWORD:-}" "key_prefix" (printf "%s:" .Release.Name) }}
{{- $storage := default (dict) (get $config "storage") }}
{{- $_ := set $storage "runtime" $runtime }}
{{- $_ := set $config "storage" $storage }}
{{- end }}
{{- toYaml $config }}
{{- end }}
