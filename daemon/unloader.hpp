// Where plugin code is let go of. A Game's game_destroy and a plugin's
// dlclose run when the last reference to it goes, and that may be a
// session ending on any network thread. The Unloader moves that
// destruction onto the event loop's control strand, as a handler of its
// own: there no plugin function is on the stack of the thread that
// unloads, so a library is never unmapped from inside its own code, by
// construction rather than by care at each call site.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include <asio/any_io_executor.hpp>
#include <asio/post.hpp>
#include <spdlog/spdlog.h>

namespace dealer {

/// Destroys retired plugin objects (games, libraries) on the event loop
/// while one runs, at once otherwise. Thread-safe.
class Unloader {
public:
    /// From now on, retired objects are destroyed by a handler posted to
    /// `loop` (the server's control strand). Call before the loop runs.
    void attach(asio::any_io_executor loop) {
        std::lock_guard lock(mutex_);
        loop_ = std::move(loop);
    }

    /// From now on, retired objects are destroyed at once, on the thread
    /// that retires them: the loop has ended, so no plugin call can be
    /// running anywhere.
    void detach() {
        std::lock_guard lock(mutex_);
        loop_.reset();
    }

    /// Shares `object` so that its last owner hands it to `unloader` instead
    /// of deleting it; without an unloader (--check-config, tests) it is a
    /// plain shared_ptr. `note`, if not empty, is logged (info) after a
    /// destruction made on the loop: "unloaded plugin ...".
    template <class T>
    static std::shared_ptr<T> share(std::unique_ptr<T> object, const std::shared_ptr<Unloader>& unloader,
                                    std::string note = {}) {
        if (!unloader || !object) return std::shared_ptr<T>(std::move(object));
        T* raw = object.get();
        std::shared_ptr<T> shared(raw, [unloader, note = std::move(note)](T* p) noexcept {
            unloader->retire(std::unique_ptr<T>(p), note);
        });
        object.release();  // owned by `shared` now (its constructor did not throw)
        return shared;
    }

    /// Destroys `object` on the loop (a posted handler), or here when no
    /// loop is attached or the post fails. A handler the loop never runs
    /// (it was destroyed first) still destroys the object it owns.
    template <class T>
    void retire(std::unique_ptr<T> object, const std::string& note) noexcept {
        std::optional<asio::any_io_executor> loop;
        {
            std::lock_guard lock(mutex_);
            loop = loop_;
        }
        if (!loop) return;  // `object` is destroyed here, at once
        try {
            asio::post(*loop, [object = std::move(object), note]() mutable {
                object.reset();
                if (!note.empty()) spdlog::info("{}", note);
            });
        } catch (...) {
            // Out of memory: the handler (and with it the object) is gone already.
        }
    }

private:
    std::mutex mutex_;
    std::optional<asio::any_io_executor> loop_;
};

}  // namespace dealer
