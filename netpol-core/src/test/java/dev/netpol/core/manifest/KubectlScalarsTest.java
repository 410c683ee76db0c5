package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.manifest.YamlNode.ScalarType;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubectlScalarsTest {

  @ParameterizedTest(name = "{0} is the integer {1}")
  @CsvSource({
    "80, 80",
    "+80, 80",
    "-0x50, -80",
    "0x50, 80",
    "0X50, 80",
    "0o120, 80",
    "0O120, 80",
    "-0o17, -15",
    "0b1010000, 80",
    "010, 8",
    "1_000, 1000",
    "0x_50, 80",
    "09, 9",
    "08, 8",
    "18446744073709551615, 18446744073709551615",
    "0xFFFFFFFFFFFFFFFFFF, 4722366482869645213695"
  })
  void plainIntegersAreTheNumbersGoYamlReads(String text, String value) {
    assertThat(KubectlScalars.read(text))
        .isEqualTo(
            new KubectlScalars.Reading(ScalarType.INT, Optional.of(new BigInteger(value))));
  }

  @ParameterizedTest(name = "{0} is a {1}")
  @CsvSource({
    "y, BOOL",
    "Y, BOOL",
    "n, BOOL",
    "yes, BOOL",
    "On, BOOL",
    "OFF, BOOL",
    "True, BOOL",
    "yEs, STRING",
    "~, NULL",
    "null, NULL",
    "NULL, NULL",
    "nULL, STRING",
    "1e3, FLOAT",
    "80.0, FLOAT",
    ".5, FLOAT",
    "+.5, FLOAT",
    ".inf, FLOAT",
    "-.Inf, FLOAT",
    "1e400, STRING",
    "99999999999999999999, FLOAT",
    "1:20, STRING",
    "2001-12-14, STRING",
    "0o, STRING",
    "0x, STRING",
    "0o8, STRING",
    "_1, STRING",
    "http, STRING",
    "\u0668\u0660, STRING",
    "\uff18\uff10, STRING",
    "0x\u0665\u0660, STRING"
  })
  void plainValuesHaveTheTypeGoYamlGives(String text, ScalarType type) {
    assertThat(KubectlScalars.read(text).type()).isEqualTo(type);
  }

  @ParameterizedTest(name = "key {0} becomes {1}")
  @CsvSource({
    "app, app",
    "on, true",
    "Off, false",
    "y, true",
    "true, true",
    "010, 8",
    "0x1F, 31",
    "80, 80",
    "1.5, 1.5",
    "0.25, 0.25"
  })
  void keysBecomeTheStringsKubectlMakes(String text, String key) {
    assertThat(KubectlScalars.key(text)).contains(key);
  }

  @ParameterizedTest(name = "key {0} is refused or rewritten beyond recognition")
  @CsvSource({"~", "null", "1.0", "1e3", "0.00001", "1234567.5", "18446744073709551615"})
  void keysKubectlRefusesOrRewritesAreEmpty(String text) {
    assertThat(KubectlScalars.key(text)).isEmpty();
  }
}
