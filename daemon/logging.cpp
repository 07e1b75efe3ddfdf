#include "daemon/logging.hpp"

#include <mutex>

#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "daemon/journal_sink.hpp"
#include "daemon/reopenable_file_sink.hpp"

namespace dealer {

namespace {

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e %^%l%$ %v";

// The one sink of the "dealerd" logger: a switch whose single output is the
// configured sink. Replacing the output takes the switch's mutex, which
// every line written holds too, so a sink is never swapped (or closed) under
// a line being written; replacing the default logger instead would race
// with threads that log through spdlog's default-logger pointer.
std::mutex g_mutex;  // g_switch and g_file_sink
std::shared_ptr<spdlog::sinks::dist_sink_mt> g_switch;
std::shared_ptr<ReopenableFileSink> g_file_sink;  // the file sink in use, if any, for SIGUSR1

std::shared_ptr<spdlog::sinks::sink> stderr_sink() {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    sink->set_pattern(kPattern);
    return sink;
}

// The switch, made (with stderr behind it) and installed as the default
// logger on first use. Called with g_mutex held.
spdlog::sinks::dist_sink_mt& the_switch() {
    if (!g_switch) {
        g_switch = std::make_shared<spdlog::sinks::dist_sink_mt>();
        g_switch->set_sinks({stderr_sink()});
        auto logger = std::make_shared<spdlog::logger>("dealerd", g_switch);
        logger->set_level(spdlog::level::info);
        // Log lines are rare outside debug; flushing each keeps pipes and
        // journald readers current.
        logger->flush_on(spdlog::level::trace);
        spdlog::drop("dealerd");
        spdlog::set_default_logger(std::move(logger));
    }
    return *g_switch;
}

}  // namespace

// First thing at start: errors before the config is read go to stderr.
void init_default_logging() {
    std::lock_guard lock(g_mutex);
    the_switch().set_sinks({stderr_sink()});
    g_file_sink.reset();
    spdlog::default_logger_raw()->set_level(spdlog::level::info);
}

// At start (through apply_logging) and on the reload thread, before a
// reload decides: a sink that cannot be opened refuses the reload.
bool open_log_sink(const Config& config, OpenedLogSink& out, std::string& why) {
    try {
        switch (config.log_sink) {
            case LogSink::stderr_sink:
                out.sink = stderr_sink();
                break;
            case LogSink::journal:
                // journald stamps time and level itself.
                out.sink = std::make_shared<JournalSink>();
                out.sink->set_pattern("%v");
                break;
            case LogSink::file:
                out.file = std::make_shared<ReopenableFileSink>(config.log_file);
                out.file->set_pattern(kPattern);
                out.sink = out.file;
                break;
        }
    } catch (const spdlog::spdlog_ex& e) {
        why = e.what();
        return false;
    }
    return true;
}

// At start, and when a reload that changed [log] sink is applied.
void use_log_sink(OpenedLogSink opened, const std::string& level) {
    std::lock_guard lock(g_mutex);
    the_switch().set_sinks({std::move(opened.sink)});
    g_file_sink = std::move(opened.file);
    spdlog::default_logger_raw()->set_level(spdlog::level::from_str(level));
}

// When a reload changed [log] level only: the sink stays open as it is.
void set_log_level(const std::string& level) {
    std::lock_guard lock(g_mutex);
    the_switch();
    spdlog::default_logger_raw()->set_level(spdlog::level::from_str(level));
}

// At start, once the config is read.
bool apply_logging(const Config& config, std::string& why) {
    OpenedLogSink opened;
    if (!open_log_sink(config, opened, why)) return false;
    use_log_sink(std::move(opened), config.log_level);
    return true;
}

bool reopen_log_file(std::string& path, std::string& why) {
    std::shared_ptr<ReopenableFileSink> sink;
    {
        std::lock_guard lock(g_mutex);
        sink = g_file_sink;
    }
    path = sink ? sink->path() : std::string();
    return !sink || sink->reopen(why);
}

}  // namespace dealer
