package dev.gatehouse.core.flows.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs tasks released together by one latch and collects what each one answered or threw. */
public final class Race {
  private Race() {}

  /** Each element is the task's result or the exception it threw. */
  public static <T> List<Object> run(List<Callable<T>> tasks) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<Object> out = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          // A deadlock fails the test instead of hanging the build.
          out.add(f.get(2, TimeUnit.MINUTES));
        } catch (ExecutionException e) {
          out.add(e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("a racing task did not finish within 2 minutes", e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
