package dev.netpol.core.manifest;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Sets;

/**
 * The field names of the Kubernetes API types the loader reads, as Kubernetes {@value #VERSION}
 * defines them: the one home of "which fields exist here"
 * (docs/semantics.md#what-netpol-refuses-and-why).
 *
 * <p>Each {@link FieldSet} splits a type's fields into those netpol <em>reads</em> and those it
 * <em>ignores</em> on purpose because they cannot change an answer (a container's {@code image},
 * {@code resources} or {@code env}, annotations, status conditions...). A field in neither is
 * unknown: {@link Fields#knownFields} refuses it, as kubectl's strict field validation does, so
 * {@code metadata.lables} or a Pod's {@code spec.hostnetwork} never loads as "no labels" or "not
 * host-network". Ignored fields are accepted without looking inside them.
 */
final class ApiFields {
  /** The Kubernetes version whose API field sets these are. */
  static final String VERSION = "1.34";

  private ApiFields() {}

  /**
   * The fields of one API type.
   *
   * @param type the type's name in the Kubernetes API reference, e.g. {@code PodSpec}
   * @param read the fields netpol reads
   * @param ignored the fields netpol accepts and ignores, because they cannot change an answer
   */
  record FieldSet(String type, ImmutableSet<String> read, ImmutableSet<String> ignored) {
    static FieldSet of(String type, String read, String ignored) {
      return new FieldSet(type, split(read), split(ignored));
    }

    private static ImmutableSet<String> split(String names) {
      return names.isBlank() ? ImmutableSet.of() : ImmutableSet.copyOf(names.trim().split("\\s+"));
    }

    /** Every field of the type, sorted. */
    ImmutableSortedSet<String> all() {
      return ImmutableSortedSet.copyOf(Sets.union(read, ignored));
    }

    boolean contains(String field) {
      return read.contains(field) || ignored.contains(field);
    }
  }

  /** A top-level Service, Namespace or workload; its status cannot change an answer. */
  static final FieldSet OBJECT = FieldSet.of("object", "apiVersion kind metadata spec", "status");

  /** A top-level Pod, whose {@code status} holds its addresses in a {@code kubectl get} dump. */
  static final FieldSet POD = FieldSet.of("Pod", "apiVersion kind metadata spec status", "");

  /** A {@code kind: List} or typed list such as {@code PodList}. */
  static final FieldSet LIST = FieldSet.of("List", "apiVersion kind items", "metadata");

  /** {@code metadata} of every object netpol reads, and of pod templates. */
  static final FieldSet OBJECT_META =
      FieldSet.of(
          "ObjectMeta",
          "name namespace labels ownerReferences",
          "generateName selfLink uid resourceVersion generation creationTimestamp"
              + " deletionTimestamp deletionGracePeriodSeconds annotations finalizers"
              + " managedFields");

  /** An entry of {@code metadata.ownerReferences}. */
  static final FieldSet OWNER_REFERENCE =
      FieldSet.of("OwnerReference", "kind name controller", "apiVersion uid blockOwnerDeletion");

  /** {@code spec} of a Namespace. */
  static final FieldSet NAMESPACE_SPEC = FieldSet.of("NamespaceSpec", "", "finalizers");

  /** {@code spec} of a Pod, and of every pod template. */
  static final FieldSet POD_SPEC =
      FieldSet.of(
          "PodSpec",
          "containers hostNetwork nodeName",
          "activeDeadlineSeconds affinity automountServiceAccountToken dnsConfig dnsPolicy"
              + " enableServiceLinks ephemeralContainers hostAliases hostIPC hostPID hostUsers"
              + " hostname hostnameOverride imagePullSecrets initContainers nodeSelector os"
              + " overhead preemptionPolicy priority priorityClassName readinessGates"
              + " resourceClaims resources restartPolicy runtimeClassName schedulerName"
              + " schedulingGates securityContext serviceAccount serviceAccountName"
              + " setHostnameAsFQDN shareProcessNamespace subdomain"
              + " terminationGracePeriodSeconds tolerations topologySpreadConstraints volumes");

  /** An entry of {@code spec.containers}. */
  static final FieldSet CONTAINER =
      FieldSet.of(
          "Container",
          "ports",
          "name image command args workingDir envFrom env resources resizePolicy"
              + " restartPolicy restartPolicyRules volumeMounts volumeDevices livenessProbe"
              + " readinessProbe startupProbe lifecycle terminationMessagePath"
              + " terminationMessagePolicy imagePullPolicy securityContext stdin stdinOnce tty");

  /** An entry of a container's {@code ports}. */
  static final FieldSet CONTAINER_PORT =
      FieldSet.of("ContainerPort", "containerPort name protocol", "hostPort hostIP");

  /** {@code status} of a Pod, as a {@code kubectl get} dump holds it. */
  static final FieldSet POD_STATUS =
      FieldSet.of(
          "PodStatus",
          "podIP podIPs",
          "observedGeneration phase conditions message reason nominatedNodeName hostIP hostIPs"
              + " startTime initContainerStatuses containerStatuses qosClass"
              + " ephemeralContainerStatuses resize resourceClaimStatuses"
              + " extendedResourceClaimStatus");

  /** An entry of a Pod's {@code status.podIPs}. */
  static final FieldSet POD_IP = FieldSet.of("PodIP", "ip", "");

  /** {@code spec} of a Service. */
  static final FieldSet SERVICE_SPEC =
      FieldSet.of(
          "ServiceSpec",
          "selector ports",
          "clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP"
              + " loadBalancerSourceRanges externalName externalTrafficPolicy healthCheckNodePort"
              + " publishNotReadyAddresses sessionAffinityConfig ipFamilies ipFamilyPolicy"
              + " allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy"
              + " trafficDistribution");

  /** An entry of a Service's {@code spec.ports}. */
  static final FieldSet SERVICE_PORT =
      FieldSet.of("ServicePort", "name protocol port targetPort", "appProtocol nodePort");

  /** {@code spec.template} of a workload. */
  static final FieldSet POD_TEMPLATE_SPEC = FieldSet.of("PodTemplateSpec", "metadata spec", "");

  /** {@code spec} of a Deployment. */
  static final FieldSet DEPLOYMENT_SPEC =
      FieldSet.of(
          "DeploymentSpec",
          "replicas selector template",
          "strategy minReadySeconds revisionHistoryLimit paused progressDeadlineSeconds");

  /** {@code spec} of a ReplicaSet. */
  static final FieldSet REPLICA_SET_SPEC =
      FieldSet.of("ReplicaSetSpec", "replicas selector template", "minReadySeconds");

  /** {@code spec} of a StatefulSet. */
  static final FieldSet STATEFUL_SET_SPEC =
      FieldSet.of(
          "StatefulSetSpec",
          "replicas selector template",
          "volumeClaimTemplates serviceName podManagementPolicy updateStrategy"
              + " revisionHistoryLimit minReadySeconds persistentVolumeClaimRetentionPolicy"
              + " ordinals");

  /** {@code spec} of a DaemonSet. */
  static final FieldSet DAEMON_SET_SPEC =
      FieldSet.of(
          "DaemonSetSpec",
          "selector template",
          "updateStrategy minReadySeconds revisionHistoryLimit");

  /** {@code spec} of a ReplicationController. */
  static final FieldSet REPLICATION_CONTROLLER_SPEC =
      FieldSet.of(
          "ReplicationControllerSpec", "replicas selector template", "minReadySeconds");

  /** {@code spec} of a Job, and a CronJob's {@code spec.jobTemplate.spec}. */
  static final FieldSet JOB_SPEC =
      FieldSet.of(
          "JobSpec",
          "parallelism selector template",
          "completions activeDeadlineSeconds podFailurePolicy successPolicy backoffLimit"
              + " backoffLimitPerIndex maxFailedIndexes manualSelector ttlSecondsAfterFinished"
              + " completionMode suspend podReplacementPolicy managedBy");

  /** {@code spec} of a CronJob. */
  static final FieldSet CRON_JOB_SPEC =
      FieldSet.of(
          "CronJobSpec",
          "jobTemplate",
          "schedule timeZone startingDeadlineSeconds concurrencyPolicy suspend"
              + " successfulJobsHistoryLimit failedJobsHistoryLimit");

  /** A CronJob's {@code spec.jobTemplate}. */
  static final FieldSet JOB_TEMPLATE_SPEC = FieldSet.of("JobTemplateSpec", "spec", "metadata");

  /** A NetworkPolicy object. */
  static final FieldSet NETWORK_POLICY =
      FieldSet.of("NetworkPolicy", "apiVersion kind metadata spec", "status");

  /** {@code spec} of a NetworkPolicy. */
  static final FieldSet NETWORK_POLICY_SPEC =
      FieldSet.of("NetworkPolicySpec", "podSelector policyTypes ingress egress", "");

  /** An entry of {@code spec.ingress}. */
  static final FieldSet INGRESS_RULE = FieldSet.of("NetworkPolicyIngressRule", "from ports", "");

  /** An entry of {@code spec.egress}. */
  static final FieldSet EGRESS_RULE = FieldSet.of("NetworkPolicyEgressRule", "to ports", "");

  /** An entry of {@code from} or {@code to}. */
  static final FieldSet PEER =
      FieldSet.of("NetworkPolicyPeer", "podSelector namespaceSelector ipBlock", "");

  /** An {@code ipBlock}. */
  static final FieldSet IP_BLOCK = FieldSet.of("IPBlock", "cidr except", "");

  /** An entry of a rule's {@code ports}. */
  static final FieldSet POLICY_PORT =
      FieldSet.of("NetworkPolicyPort", "protocol port endPort", "");

  /** A label selector ({@code podSelector}, {@code namespaceSelector}, a workload's selector). */
  static final FieldSet LABEL_SELECTOR =
      FieldSet.of("LabelSelector", "matchLabels matchExpressions", "");

  /** An entry of {@code matchExpressions}. */
  static final FieldSet SELECTOR_REQUIREMENT =
      FieldSet.of("LabelSelectorRequirement", "key operator values", "");

  // ---- cluster-scoped policies (policy.networking.k8s.io, experimental channel) ----

  /** A ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy object. */
  static final FieldSet CLUSTER_POLICY =
      FieldSet.of("cluster-scoped policy", "apiVersion kind metadata spec", "status");

  /** {@code spec} of a ClusterNetworkPolicy (v1alpha2). */
  static final FieldSet CNP_SPEC =
      FieldSet.of("ClusterNetworkPolicySpec", "tier priority subject ingress egress", "");

  /** {@code spec} of an AdminNetworkPolicy (v1alpha1). */
  static final FieldSet ANP_SPEC =
      FieldSet.of("AdminNetworkPolicySpec", "priority subject ingress egress", "");

  /** {@code spec} of the BaselineAdminNetworkPolicy (v1alpha1). */
  static final FieldSet BANP_SPEC =
      FieldSet.of("BaselineAdminNetworkPolicySpec", "subject ingress egress", "");

  /** {@code spec.subject}: exactly one field. */
  static final FieldSet CLUSTER_SUBJECT = FieldSet.of("subject", "namespaces pods", "");

  /** {@code pods} of a subject or peer. */
  static final FieldSet CLUSTER_PODS =
      FieldSet.of("NamespacedPod", "namespaceSelector podSelector", "");

  /** An ingress rule of v1alpha1. */
  static final FieldSet V1_INGRESS_RULE = FieldSet.of("ingress rule", "name action from ports", "");

  /** An egress rule of v1alpha1. */
  static final FieldSet V1_EGRESS_RULE = FieldSet.of("egress rule", "name action to ports", "");

  /** An ingress rule of v1alpha2. */
  static final FieldSet V2_INGRESS_RULE =
      FieldSet.of("ingress rule", "name action from protocols", "");

  /** An egress rule of v1alpha2. */
  static final FieldSet V2_EGRESS_RULE =
      FieldSet.of("egress rule", "name action to protocols", "");

  /** An ingress peer: exactly one field. */
  static final FieldSet CLUSTER_INGRESS_PEER = FieldSet.of("ingress peer", "namespaces pods", "");

  /** An egress peer of an AdminNetworkPolicy or ClusterNetworkPolicy: exactly one field. */
  static final FieldSet CLUSTER_EGRESS_PEER =
      FieldSet.of("egress peer", "namespaces pods networks nodes domainNames", "");

  /** An egress peer of the BaselineAdminNetworkPolicy, which has no domainNames. */
  static final FieldSet BANP_EGRESS_PEER =
      FieldSet.of("egress peer", "namespaces pods networks nodes", "");

  /** A v1alpha1 {@code ports} entry: exactly one field. */
  static final FieldSet V1_PORT =
      FieldSet.of("AdminNetworkPolicyPort", "portNumber portRange namedPort", "");

  /** {@code portNumber}. */
  static final FieldSet V1_PORT_NUMBER = FieldSet.of("Port", "protocol port", "");

  /** {@code portRange}. */
  static final FieldSet V1_PORT_RANGE = FieldSet.of("PortRange", "protocol start end", "");

  /** A v1alpha2 {@code protocols} entry: exactly one field. */
  static final FieldSet V2_PROTOCOL =
      FieldSet.of("ClusterNetworkPolicyProtocol", "tcp udp sctp destinationNamedPort", "");

  /** {@code tcp}, {@code udp} or {@code sctp} of a v1alpha2 protocols entry. */
  static final FieldSet V2_PROTOCOL_PORT = FieldSet.of("ProtocolPort", "destinationPort", "");

  /** {@code destinationPort}: exactly one field. */
  static final FieldSet V2_DESTINATION_PORT = FieldSet.of("Port", "number range", "");

  /** {@code range} of a v1alpha2 destination port. */
  static final FieldSet V2_RANGE = FieldSet.of("PortRange", "start end", "");

  /** A Node, whose spec cannot change an answer. */
  static final FieldSet NODE = FieldSet.of("Node", "apiVersion kind metadata status", "spec");

  /** {@code status} of a Node: only its addresses matter. */
  static final FieldSet NODE_STATUS =
      FieldSet.of(
          "NodeStatus",
          "addresses",
          "capacity allocatable phase conditions daemonEndpoints nodeInfo images volumesInUse"
              + " volumesAttached config runtimeHandlers features");

  /** One entry of {@code status.addresses}. */
  static final FieldSet NODE_ADDRESS = FieldSet.of("NodeAddress", "type address", "");
}
