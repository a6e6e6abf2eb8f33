package org.labtrack.tracking.domain;

import java.util.Arrays;
import java.util.List;
import org.labtrack.common.error.InvalidValue;
import org.labtrack.common.error.MlflowException;

/**
 * A proto enum's wire value: its name or, as protobuf's JSON reads it, its number (MLflow's
 * server accepts both).
 */
public final class ProtoEnum {
  private ProtoEnum() {
  }

  /**
   * Where {@code value} is in {@code names}, {@code names.get(i)} being numbered
   * {@code firstNumber + i}; -1 if it names none of them.
   */
  public static int position(String value, List<String> names, int firstNumber) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(value) || Integer.toString(firstNumber + i).equals(value)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code value} as a constant of {@code type}, whose proto numbers start at 1; anything else
   * is refused as MLflow's request parsing does, naming the parameter and the names.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String parameter, String value) {
    E[] constants = type.getEnumConstants();
    List<String> names = Arrays.stream(constants).map(Enum::name).toList();
    int position = position(value, names, 1);
    if (position < 0) {
      throw MlflowException.invalidParameter(InvalidValue.message(parameter,
          InvalidValue.quote(value), null) + " Expected one of " + String.join(", ", names) + ".");
    }
    return constants[position];
  }
}
