package dev.jobsservice.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The copy kept in memory and the chunk-by-chunk scan of an over-budget dataset find the same
 * records, page after page, across chunk boundaries.
 */
class SearchIndexTest {
  private static final int RECORDS = 12_345;
  private static Vertx vertx;
  private static Redis redis;
  private static DataKeys keys;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, TestRedis.url());
    keys = new DataKeys(TestRedis.prefix(), DataStore.DEFAULT_DATASET);
    StringBuilder csv = new StringBuilder("id,kind,name\n");
    for (int i = 0; i < RECORDS; i++) {
      csv.append(i).append(',').append(i % 7 == 0 ? "seven" : "other").append(',')
          .append(i % 1000 == 999 ? "Rare Find " + i : "plain " + i).append('\n');
    }
    loadCsv(csv.toString());
  }

  private static void loadCsv(String csv) throws Exception {
    Path file = Readers.write(csv.getBytes(StandardCharsets.UTF_8));
    try {
      new Loader(vertx, redis, keys, DataStore.DEFAULT_DATASET)
          .load(file, new LoadOptions(Format.CSV, null, null, null)).await(30, TimeUnit.SECONDS);
    } finally {
      file.toFile().delete();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Every id a query finds, walking pages of {@code limit}. */
  private static List<String> all(SearchIndex index, int limit, String term, List<String[]> filters) throws Exception {
    List<String> ids = new ArrayList<>();
    long from = 0;
    while (from >= 0) {
      SearchIndex.Found found = index.find(vertx, from, limit, term, filters).await(30, TimeUnit.SECONDS);
      assertEquals(RECORDS, found.total());
      ids.addAll(found.ids());
      from = found.next();
    }
    return ids;
  }

  private static List<String> expected(java.util.function.IntPredicate p) {
    return IntStream.range(0, RECORDS).filter(p).mapToObj(Integer::toString).toList();
  }

  @Test
  void copiedAndStreamedFindTheSame() throws Exception {
    SearchIndex copied = new SearchIndex(redis, keys, Long.MAX_VALUE);
    SearchIndex streamed = new SearchIndex(redis, keys, 0);
    List<String[]> sevens = List.<String[]>of(SearchText.filter("kind", "SEVEN"));
    for (SearchIndex index : List.of(copied, streamed)) {
      assertEquals(expected(i -> i % 1000 == 999), all(index, 5, "rare find", List.of()));
      assertEquals(expected(i -> i % 7 == 0), all(index, 1000, null, sevens));
      assertEquals(expected(i -> i % 7 == 0 && i % 1000 == 999), all(index, 1, "rare", sevens));
      assertEquals(List.of(), all(index, 10, "kind", List.of()), "keys do not match");
    }
    assertEquals(true, copied.snapshot().await(10, TimeUnit.SECONDS).copied());
    assertEquals(false, streamed.snapshot().await(10, TimeUnit.SECONDS).copied());
  }
}
