package dev.jobsservice.api;

import java.util.Locale;

/**
 * Which form of a job's result a client asked for: {@code ?format=png|json} if given, else the
 * {@code Accept} header, where image/png (or image/*) must rank above JSON, by q-value and then
 * by being named exactly rather than by a wildcard. JSON is the default: {@code curl} sends
 * {@code *}{@code /*}, and an {@code <img>} tag's {@code image/*,*}{@code /*;q=0.8} gets the PNG.
 */
final class ResultFormat {
  private ResultFormat() {
  }

  static boolean wantsPng(String accept, String format) {
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "png" -> true;
        case "json" -> false;
        default -> throw Problem.badRequest("query parameter 'format' must be 'json' or 'png'");
      };
    }
    if (accept == null || accept.isBlank()) {
      return false;
    }
    double[] png = {0, 0};   // best q, then how specific (2 exact, 1 type/*, 0 */*)
    double[] json = {0, 0};
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = q(parts);
      switch (type) {
        case "image/png" -> better(png, q, 2);
        case "image/*" -> better(png, q, 1);
        case "application/json", "application/problem+json" -> better(json, q, 2);
        case "application/*" -> better(json, q, 1);
        case "*/*" -> {
          better(png, q, 0);
          better(json, q, 0);
        }
        default -> {
        }
      }
    }
    return png[0] > 0 && (png[0] > json[0] || png[0] == json[0] && png[1] > json[1]);
  }

  private static void better(double[] best, double q, int specificity) {
    if (q > best[0] || q == best[0] && specificity > best[1]) {
      best[0] = q;
      best[1] = specificity;
    }
  }

  private static double q(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("q=")) {
        try {
          double q = Double.parseDouble(p.substring(2));
          return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
