package dev.netpol.cli;

import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ManifestLoader;
import dev.netpol.fabric8.Fabric8;
import dev.netpol.fabric8.SnapshotException;
import dev.netpol.fabric8.SnapshotOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** A read-only snapshot of a running cluster, through netpol-fabric8. */
final class LiveCluster {
  private LiveCluster() {}

  static LoadResult read(LoaderOptions options, ManifestLoader loader) {
    Config config = config(options);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return Fabric8.snapshot(client, SnapshotOptions.builder().loader(loader).build()).result();
    } catch (SnapshotException e) {
      throw new BadInputException(e.getMessage());
    } catch (KubernetesClientException e) {
      throw new BadInputException("cannot read the cluster at " + config.getMasterUrl() + ": "
          + e.getMessage());
    }
  }

  private static Config config(LoaderOptions options) {
    if (options.kubeconfig == null) {
      return Config.autoConfigure(options.context);
    }
    try {
      String text = Files.readString(options.kubeconfig, StandardCharsets.UTF_8);
      return Config.fromKubeconfig(options.context, text, options.kubeconfig.toString());
    } catch (IOException e) {
      throw new BadInputException(options.kubeconfig + ": cannot read the kubeconfig: " + e);
    } catch (RuntimeException e) {
      throw new BadInputException(options.kubeconfig + ": " + e.getMessage());
    }
  }
}
