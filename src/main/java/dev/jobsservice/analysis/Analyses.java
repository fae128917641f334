package dev.jobsservice.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The analysis kinds a service runs, by job type name. */
public final class Analyses {
  private final Map<String, Analysis> byType;

  private Analyses(Map<String, Analysis> byType) {
    this.byType = Map.copyOf(byType);
  }

  /**
   * The kinds every service has: {@code summary} (the default type), {@code histogram},
   * {@code group_count}, {@code timeseries} and {@code sleep}.
   */
  public static Analyses builtIn() {
    return builder()
        .add("summary", new SummaryAnalysis())
        .add("histogram", new HistogramAnalysis())
        .add("group_count", new GroupCountAnalysis())
        .add("timeseries", new TimeseriesAnalysis())
        .add("sleep", new SleepAnalysis())
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<Analysis> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Set<String> types() {
    return byType.keySet();
  }

  /** Collects analyses by type; a later one replaces an earlier one of the same type. */
  public static final class Builder {
    private final Map<String, Analysis> byType = new LinkedHashMap<>();

    private Builder() {
    }

    /** Starts from the built-in kinds. */
    public Builder addBuiltIns() {
      byType.putAll(builtIn().byType);
      return this;
    }

    public Builder add(String type, Analysis analysis) {
      byType.put(type, analysis);
      return this;
    }

    public Analyses build() {
      return new Analyses(byType);
    }
  }
}
