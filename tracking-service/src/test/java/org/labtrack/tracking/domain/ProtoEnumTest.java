package org.labtrack.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.model.RunStatus;

class ProtoEnumTest {
  private static final List<String> STATUSES = List.of("UNSPECIFIED", "PENDING", "READY");

  @Test
  void aValueIsItsNameOrItsNumber() {
    assertThat(ProtoEnum.position("READY", STATUSES, 0)).isEqualTo(2);
    assertThat(ProtoEnum.position("2", STATUSES, 0)).isEqualTo(2);
    assertThat(ProtoEnum.position("0", STATUSES, 0)).isZero();
    assertThat(ProtoEnum.position("2", STATUSES, 1)).isEqualTo(1);
    // Only the exact name or the plain number.
    for (String other : new String[] {"ready", "3", "-1", "2.0", "02", " 2", "", null}) {
      assertThat(ProtoEnum.position(other, STATUSES, 0)).as(other).isEqualTo(-1);
    }
  }

  @Test
  void anEnumNumberedFromOneIsParsedOrRefusedNamingItsValues() {
    assertThat(ProtoEnum.parse(RunStatus.class, "status", "FINISHED"))
        .isEqualTo(RunStatus.FINISHED);
    assertThat(ProtoEnum.parse(RunStatus.class, "status", "3")).isEqualTo(RunStatus.FINISHED);
    assertThat(ProtoEnum.parse(ViewType.class, "view_type", "3")).isEqualTo(ViewType.ALL);
    assertThatThrownBy(() -> ProtoEnum.parse(ViewType.class, "run_view_type", "0\"x"))
        .isInstanceOf(MlflowException.class)
        .hasMessage("Invalid value \"0\\\"x\" for parameter 'run_view_type' supplied. "
            + "Expected one of ACTIVE_ONLY, DELETED_ONLY, ALL.");
  }
}
