package dev.jobsservice.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs code on a Vert.x context from a test thread and waits for its outcome (10 s at most). */
public final class OnContext {
  private final Context context;

  public OnContext(Context context) {
    this.context = context;
  }

  /** Calls {@code call} on the context and waits for the future it returns. */
  public <T> T await(Supplier<Future<T>> call) throws Exception {
    CompletableFuture<T> out = new CompletableFuture<>();
    context.runOnContext(v -> call.get().onComplete(ar -> {
      if (ar.succeeded()) {
        out.complete(ar.result());
      } else {
        out.completeExceptionally(ar.cause());
      }
    }));
    return out.get(10, TimeUnit.SECONDS);
  }

  /** Calls {@code call} on the context and returns its value. */
  public <T> T value(Supplier<T> call) {
    CompletableFuture<T> out = new CompletableFuture<>();
    context.runOnContext(v -> out.complete(call.get()));
    return out.orTimeout(10, TimeUnit.SECONDS).join();
  }

  public void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }
}
