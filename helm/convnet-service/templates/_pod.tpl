{{/*
The pod of either tier. Called with (dict "root" $ "tier" "serving"|"training"); the tier's values hold its roles,
resources and JVM options. The root filesystem is read-only: every path the service, the JVM and JavaCPP write to
is an emptyDir (see values.yaml, "volumes").
*/}}
{{- define "convnet.pod" -}}
{{- $root := .root -}}
{{- $tier := index $root.Values .tier -}}
{{- $v := $root.Values -}}
metadata:
  labels:
    {{- include "convnet.selector" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .tier }}
  annotations:
    checksum/secrets: {{ include (print $root.Template.BasePath "/secrets.yaml") $root | sha256sum }}
    {{- if $v.metrics.podAnnotations }}
    prometheus.io/scrape: "true"
    prometheus.io/path: /actuator/prometheus
    prometheus.io/port: "8080"
    {{- end }}
spec:
  automountServiceAccountToken: false
  # No CONVNET_SERVICE_PORT-style variables: Spring would read them as convnet.* settings.
  enableServiceLinks: false
  terminationGracePeriodSeconds: {{ $tier.terminationGracePeriodSeconds }}
  {{- with $v.imagePullSecrets }}
  imagePullSecrets: {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    fsGroup: 10001
    seccompProfile:
      type: RuntimeDefault
  {{- with $tier.nodeSelector }}
  nodeSelector: {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $tier.tolerations }}
  tolerations: {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $tier.affinity }}
  affinity: {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $tier.topologySpreadConstraints }}
  topologySpreadConstraints: {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: convnet
      image: "{{ $v.image.repository }}:{{ $v.image.tag }}"
      imagePullPolicy: {{ $v.image.pullPolicy }}
      securityContext:
        runAsNonRoot: true
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
      ports:
        - name: http
          containerPort: 8080
      env:
        - name: CONVNET_NODE_ROLES
          value: {{ join "," $tier.roles | quote }}
        - name: CONVNET_DATA_DIR
          value: /var/lib/convnet
        - name: CONVNET_STORAGE_CACHE_DIR
          value: /var/cache/convnet
        - name: CONVNET_STORAGE_CACHE_MAXSIZE
          value: {{ $v.storage.cache.maxSize | quote }}
        - name: JAVA_TOOL_OPTIONS
          value: {{ printf "%s -Djava.io.tmpdir=/tmp -Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp" $tier.javaToolOptions | quote }}
        - name: CONVNET_STORAGE_TYPE
          value: {{ $v.storage.type | quote }}
        {{- if eq $v.storage.type "s3" }}
        {{- with $v.storage.s3.endpoint }}
        - name: CONVNET_STORAGE_S3_ENDPOINT
          value: {{ . | quote }}
        {{- end }}
        - name: CONVNET_STORAGE_S3_BUCKET
          value: {{ required "storage.s3.bucket is required with storage.type=s3" $v.storage.s3.bucket | quote }}
        - name: CONVNET_STORAGE_S3_REGION
          value: {{ $v.storage.s3.region | quote }}
        - name: CONVNET_STORAGE_S3_PATHSTYLE
          value: {{ $v.storage.s3.pathStyle | quote }}
        - name: CONVNET_STORAGE_S3_PREFIX
          value: {{ $v.storage.s3.prefix | quote }}
        {{- if include "convnet.objectStoreCredentials" $root }}
        - name: CONVNET_STORAGE_S3_ACCESSKEY
          valueFrom:
            secretKeyRef:
              name: {{ include "convnet.objectStoreSecret" $root }}
              key: {{ $v.storage.s3.credentials.accessKeyKey }}
        - name: CONVNET_STORAGE_S3_SECRETKEY
          valueFrom:
            secretKeyRef:
              name: {{ include "convnet.objectStoreSecret" $root }}
              key: {{ $v.storage.s3.credentials.secretKeyKey }}
        {{- end }}
        {{- end }}
        - name: SPRING_DATASOURCE_URL
          value: {{ required "database.url is required: the nodes share one PostgreSQL database" $v.database.url | quote }}
        - name: SPRING_DATASOURCE_USERNAME
          value: {{ $v.database.username | quote }}
        - name: SPRING_DATASOURCE_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ include "convnet.databaseSecret" $root }}
              key: {{ $v.database.passwordKey }}
        - name: SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE
          value: {{ $tier.databasePoolSize | quote }}
        - name: CONVNET_SECURITY_APIKEYSDIR
          value: /etc/convnet/api-keys
        - name: CONVNET_SECURITY_PROMETHEUSOPEN
          value: {{ $v.security.prometheusOpen | quote }}
        {{- with $v.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- with $tier.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      startupProbe:
        httpGet: {path: /actuator/health/liveness, port: http}
        periodSeconds: 5
        failureThreshold: 36
      livenessProbe:
        httpGet: {path: /actuator/health/liveness, port: http}
        periodSeconds: 15
        timeoutSeconds: 5
      readinessProbe:
        httpGet: {path: /actuator/health/readiness, port: http}
        periodSeconds: 10
        timeoutSeconds: 5
      resources: {{- toYaml $tier.resources | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        - name: data
          mountPath: /var/lib/convnet
        - name: cache
          mountPath: /var/cache/convnet
        - name: javacpp
          mountPath: /var/cache/javacpp
        - name: api-keys
          mountPath: /etc/convnet/api-keys
          readOnly: true
  volumes:
    - name: tmp
      emptyDir: {sizeLimit: {{ $v.volumes.tmpSizeLimit }}}
    - name: data
      emptyDir: {sizeLimit: {{ $v.volumes.dataSizeLimit }}}
    - name: cache
      emptyDir: {sizeLimit: {{ $v.volumes.cacheSizeLimit }}}
    - name: javacpp
      emptyDir: {sizeLimit: {{ $v.volumes.javacppSizeLimit }}}
    - name: api-keys
      secret:
        secretName: {{ include "convnet.apiKeysSecret" $root }}
        defaultMode: 0440
{{- end -}}
