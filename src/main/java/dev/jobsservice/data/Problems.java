package dev.jobsservice.data;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Parser messages cut to what a client can act on. */
final class Problems {
  private Problems() {
  }

  /** Jackson's reason without the source location and input quote it appends. */
  static String reason(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    for (String marker : new String[] {"\n", " at [Source", " (start marker"}) {
      int cut = m.indexOf(marker);
      m = cut > 0 ? m.substring(0, cut) : m;
    }
    return m.length() > 200 ? m.substring(0, 200) : m;
  }
}
