#include "daemon/log_context.hpp"

namespace dealer {

namespace {
thread_local const LogFields* t_current = nullptr;
}  // namespace

LogScope::LogScope(const LogFields& fields) noexcept : previous_(t_current) { t_current = &fields; }

LogScope::~LogScope() { t_current = previous_; }

const LogFields* LogScope::current() noexcept { return t_current; }

}  // namespace dealer
