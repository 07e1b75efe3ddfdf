// Admission control for max_sessions and max_sessions_per_ip (SPEC §2),
// counted across TCP and UDP. A session holds a Ticket for its lifetime;
// dropping the ticket gives the place back.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

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
    enum class Refusal { none, total, per_address };

    /// Makes an Admission (it must be owned by a shared_ptr).
    static std::shared_ptr<Admission> create(std::size_t max_total, std::size_t max_per_address) {
        return std::shared_ptr<Admission>(new Admission(max_total, max_per_address));
    }

    /// Takes a place for a session from address, or returns an empty ticket
    /// and the reason when a limit is reached.
    Ticket admit(const std::string& address, Refusal* why = nullptr);

    /// Changes the limits (reload); sessions over a new limit are not closed.
    void set_limits(std::size_t max_total, std::size_t max_per_address);

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
};

}  // namespace dealer
