// The worker pool for slow plugin calls (daemon/work_pool.hpp): work runs
// on a worker, its completion on the caller's executor; the queue is
// bounded; after stop() work is skipped but completions still come; and
// the caller's io_context keeps running until every completion has.

#include <doctest/doctest.h>

#include <atomic>
#include <functional>
#include <thread>

#include <asio/io_context.hpp>

#include "daemon/work_pool.hpp"

using dealer::WorkPool;

namespace {

// Spins (yielding) until flag is set; the pool's threads set it.
void wait_until(const std::atomic<bool>& flag) {
    while (!flag.load()) std::this_thread::yield();
}

// Work that occupies its worker: sets started, waits for release, then
// sets *finished (if given).
std::function<void()> occupy(std::atomic<bool>& started, const std::atomic<bool>& release, bool* finished = nullptr) {
    return [&started, &release, finished] {
        started = true;
        wait_until(release);
        if (finished != nullptr) *finished = true;
    };
}

}  // namespace

TEST_CASE("WorkPool: work runs on a worker, done on the home executor, and run() waits for done") {
    asio::io_context io;
    WorkPool pool(2, 8);
    std::thread::id work_thread, done_thread;
    bool done_ran = false;
    REQUIRE(pool.submit(
        io.get_executor(), [&] { work_thread = std::this_thread::get_id(); },
        [&] {
            done_thread = std::this_thread::get_id();
            done_ran = true;
        }));
    // Nothing else is queued on io: only the pool's tracked work keeps run()
    // from returning before the completion has been posted and run.
    io.run();
    CHECK(done_ran);
    CHECK(done_thread == std::this_thread::get_id());
    CHECK(work_thread != std::thread::id());
    CHECK(work_thread != std::this_thread::get_id());
}

TEST_CASE("WorkPool: at most max_queued calls wait; the rest are refused") {
    asio::io_context io;
    WorkPool pool(1, 2);
    std::atomic<bool> started{false}, release{false};
    int done = 0;
    REQUIRE(pool.submit(io.get_executor(), occupy(started, release), [&] { ++done; }));
    wait_until(started);  // the only worker is busy; the queue is empty
    CHECK(pool.queued() == 0);
    CHECK(pool.submit(io.get_executor(), [] {}, [&] { ++done; }));
    CHECK(pool.submit(io.get_executor(), [] {}, [&] { ++done; }));
    CHECK(pool.queued() == 2);
    bool refused_done = false;
    CHECK_FALSE(pool.submit(io.get_executor(), [] {}, [&] { refused_done = true; }));
    CHECK(pool.queued() == 2);

    pool.set_max_queued(3);  // a reload may raise the bound
    CHECK(pool.submit(io.get_executor(), [] {}, [&] { ++done; }));

    release = true;
    io.run();
    CHECK(done == 4);
    CHECK_FALSE(refused_done);
    CHECK(pool.queued() == 0);
}

TEST_CASE("WorkPool: after stop() queued work is skipped but every completion still runs") {
    asio::io_context io;
    WorkPool pool(1, 8);
    std::atomic<bool> started{false}, release{false};
    bool first_work = false, second_work = false;
    int done = 0;
    REQUIRE(pool.submit(io.get_executor(), occupy(started, release, &first_work), [&] { ++done; }));
    wait_until(started);
    REQUIRE(pool.submit(io.get_executor(), [&] { second_work = true; }, [&] { ++done; }));
    pool.stop();
    release = true;
    io.run();
    CHECK(first_work);        // already running: it finishes
    CHECK_FALSE(second_work); // still queued at stop: skipped
    CHECK(done == 2);
}

TEST_CASE("WorkPool: zero threads means one per core") {
    WorkPool pool(0, 1);
    const unsigned cores = std::thread::hardware_concurrency();
    CHECK(pool.threads() == (cores == 0 ? 1u : cores));
}
