// Admission control for max_sessions and max_sessions_per_ip (SPEC §2), and
// for the rate of new sessions from one address, counted across TCP and
// UDP. A session holds a Ticket for its lifetime; dropping the ticket gives
// the place back.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "daemon/rate_limit.hpp"
#include "protocol/message.hpp"

namespace dealer {

/// Counts live sessions, in total and per source address. Thread-safe.
class Admission : public std::enable_shared_from_this<Admission> {
public:
    /// A place taken by one session; gives it back when destroyed.
    class Ticket {
    public:
        Ticket() = default;  ///< an empty ticket holds no place
        Ticket(Ticket&& other) noexcept { *this = std::move(other); }
        Ticket& operator=(Ticket&& other) noexcept;
        Ticket(const Ticket&) = delete;             ///< a place is held once
        Ticket& operator=(const Ticket&) = delete;  ///< a place is held once
        ~Ticket() { release(); }

        /// True while it holds a place.
        explicit operator bool() const noexcept { return owner_ != nullptr; }
        /// Gives the place back now.
        void release() noexcept;

    private:
        friend class Admission;
        Ticket(std::shared_ptr<Admission> owner, std::string address)
            : owner_(std::move(owner)), address_(std::move(address)) {}
        std::shared_ptr<Admission> owner_;
        std::string address_;
    };

    /// Why admit() refused.
    enum class Refusal {
        none,         ///< admitted
        total,        ///< max_sessions reached
        per_address,  ///< max_sessions_per_ip reached
        rate,         ///< new sessions from this address come too fast
    };

    /// How many addresses the new-session rate remembers at most. An
    /// address whose bucket is full again is forgotten first; when every
    /// one is still counting, the oldest-looking one goes, so a flood from
    /// many addresses costs memory up to this and no more.
    static constexpr std::size_t kMaxRateEntries = 65536;

    /// Makes an Admission (it must be owned by a shared_ptr).
    static std::shared_ptr<Admission> create(std::size_t max_total, std::size_t max_per_address) {
        return std::shared_ptr<Admission>(new Admission(max_total, max_per_address));
    }

    /// Takes a place for a session from address, or returns an empty ticket
    /// and the reason when a limit is reached; for Refusal::rate, *wait (if
    /// given) is how long until the address may open a session again.
    Ticket admit(const std::string& address, Refusal* why = nullptr, RateLimit::Clock::duration* wait = nullptr);

    /// Changes the limits (reload); sessions over a new limit are not closed.
    void set_limits(std::size_t max_total, std::size_t max_per_address);

    /// Sets the rate of new sessions allowed from one address (reload too).
    void set_rate(RateSpec rate);

    /// Addresses the new-session rate remembers now (for tests).
    [[nodiscard]] std::size_t rate_entries() const;

    /// Sessions currently admitted.
    [[nodiscard]] std::size_t active() const;

private:
    Admission(std::size_t max_total, std::size_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}
    void release(const std::string& address) noexcept;

    mutable std::mutex mutex_;
    std::size_t max_total_;
    std::size_t max_per_address_;
    std::size_t total_ = 0;
    std::unordered_map<std::string, std::size_t> per_address_;
    RateSpec rate_;
    RateTable recent_{kMaxRateEntries};  // new-session buckets by address
};

/// The error a newcomer refused for `why` gets: server_busy for the caps,
/// rate_limited with retry_after (from `wait`) for the rate.
protocol::Reply refusal_error(Admission::Refusal why, RateLimit::Clock::duration wait);

/// What the log says of a refusal ("max_sessions reached").
std::string_view refusal_reason(Admission::Refusal why) noexcept;

}  // namespace dealer
