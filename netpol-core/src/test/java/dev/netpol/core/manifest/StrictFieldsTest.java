package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Unknown fields are refused in every kind and field the loader reads, as kubectl does. */
class StrictFieldsTest {

  private static List<String> problems(String yaml) {
    LoadResult result = ManifestLoader.defaults().loadString("k8s/in.yaml", yaml);
    assertThat(result.isValid()).as("expected problems").isFalse();
    return result.report().problems().stream().map(Object::toString).collect(Collectors.toList());
  }

  @Test
  void misspelledMetadataLabelsIsRefusedNotReadAsNoLabels() {
    assertThat(problems("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  lables: {app: a}\n"))
        .containsExactly(
            "k8s/in.yaml:5:3: metadata.lables: unknown field \"lables\" (did you mean"
                + " \"labels\"?); ObjectMeta has no such field in Kubernetes 1.34, and kubectl's"
                + " strict field validation refuses it too");
  }

  @Test
  void misspelledNamespaceOfAPolicyIsRefusedNotReadAsTheDefaultNamespace() {
    String yaml =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
            + "metadata: {name: p, namespce: prod}\nspec: {podSelector: {}}\n";
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/in.yaml:3:21: metadata.namespce: unknown field \"namespce\" (did you mean"
                + " \"namespace\"?)");
  }

  @Test
  void misspelledServiceSelectorIsRefusedNotReadAsSelectingNothing() {
    String yaml =
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
            + "spec:\n  selektor: {app: a}\n  ports: [{port: 80}]\n";
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/in.yaml:5:3: spec.selektor: unknown field \"selektor\" (did you mean"
                + " \"selector\"?); ServiceSpec has no such field");
  }

  @Test
  void lowerCaseHostNetworkOfAPodIsRefusedNotReadAsPodNetwork() {
    String yaml =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
            + "spec:\n  hostnetwork: true\n  containers: [{name: c, image: x}]\n";
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/in.yaml:5:3: spec.hostnetwork: unknown field \"hostnetwork\" (did you mean"
                + " \"hostNetwork\"?); PodSpec has no such field");
  }

  @Test
  void unknownFieldsInContainersPortsAndStatusArePointedAtWithTheirPath() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: a
          - name: b
            prots: []
            ports:
            - containerPort: 80
              nmae: http
        status:
          podIp: 10.0.0.1
          podIPs:
          - {ipp: 10.0.0.1}
        """;
    assertThat(problems(yaml))
        .extracting(p -> p.substring(0, p.indexOf(" (")))
        .containsExactly(
            "k8s/in.yaml:8:5: spec.containers[1].prots: unknown field \"prots\"",
            "k8s/in.yaml:11:7: spec.containers[1].ports[0].nmae: unknown field \"nmae\"",
            "k8s/in.yaml:13:3: status.podIp: unknown field \"podIp\"",
            "k8s/in.yaml:15:6: status.podIPs[0].ipp: unknown field \"ipp\"");
  }

  @Test
  void unknownFieldsOfWorkloadsTemplatesAndServicePortsAreRefused() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replica: 3
          selector: {matchLabels: {app: d}}
          template:
            metdata: {labels: {app: d}}
            spec: {containers: [{name: c}]}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          schedule: "* * * * *"
          jobTemplate:
            spec:
              paralelism: 2
              template: {spec: {containers: [{name: c}]}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          ports: [{port: 80, targetport: 8080}]
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: nn}
        spek: {}
        """;
    assertThat(problems(yaml))
        .extracting(p -> p.substring(0, p.indexOf(" (")))
        .containsExactly(
            "k8s/in.yaml:5:3: spec.replica: unknown field \"replica\"",
            "k8s/in.yaml:8:5: spec.template.metdata: unknown field \"metdata\"",
            "k8s/in.yaml:18:7: spec.jobTemplate.spec.paralelism: unknown field \"paralelism\"",
            "k8s/in.yaml:25:22: spec.ports[0].targetport: unknown field \"targetport\"",
            "k8s/in.yaml:30:1: spek: unknown field \"spek\"");
  }

  @Test
  void misspelledItemsOfAListIsRefusedNotReadAsAnEmptyList() {
    assertThat(problems("apiVersion: v1\nkind: List\nitmes:\n- {apiVersion: v1, kind: Pod}\n"))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/in.yaml:3:1: itmes: unknown field \"itmes\" (did you mean \"items\"?); known"
                + " fields here: apiVersion, items, kind, metadata");
  }

  @Test
  void fieldsKnownToKubernetesButIgnoredByNetpolAreAccepted() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations: {a: b}
          uid: "1234"
          finalizers: [x]
        spec:
          replicas: 1
          strategy: {type: Recreate}
          revisionHistoryLimit: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}, annotations: {x: y}}
            spec:
              serviceAccountName: web
              volumes: [{name: v, emptyDir: {}}]
              securityContext: {runAsNonRoot: true}
              initContainers: [{name: init, image: busybox}]
              containers:
              - name: web
                image: nginx
                imagePullPolicy: Always
                env: [{name: A, value: b}]
                resources: {limits: {cpu: 100m}}
                livenessProbe: {httpGet: {path: /, port: 80}}
                ports: [{containerPort: 80, name: http, hostPort: 8080}]
        status: {replicas: 1, conditions: []}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: ClusterIP
          clusterIP: 10.96.0.10
          sessionAffinity: None
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http, appProtocol: http}]
        status: {loadBalancer: {}}
        """;
    Cluster cluster = Cluster.fromYaml(yaml);
    assertThat(cluster.service("default/web")).isPresent();
    assertThat(cluster.workload("default/web")).isPresent();
  }
}
