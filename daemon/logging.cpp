#include "daemon/logging.hpp"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "daemon/journal_sink.hpp"
#include "daemon/reopenable_file_sink.hpp"

namespace dealer {

namespace {

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e %^%l%$ %v";

// The file sink in use, if any, for reopen_log_file() (SIGUSR1).
std::mutex g_file_mutex;
std::shared_ptr<ReopenableFileSink> g_file_sink;

void install(std::shared_ptr<spdlog::logger> logger, spdlog::level::level_enum level) {
    logger->set_level(level);
    // Log lines are rare outside debug; flushing each keeps pipes and
    // journald readers current.
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
}

}  // namespace

void init_default_logging() {
    auto logger = spdlog::stderr_color_mt("dealerd");
    logger->set_pattern(kPattern);
    install(std::move(logger), spdlog::level::info);
}

bool apply_logging(const Config& config, std::string& why) {
    std::shared_ptr<spdlog::logger> logger;
    std::shared_ptr<ReopenableFileSink> file_sink;
    try {
        spdlog::drop("dealerd");
        switch (config.log_sink) {
            case LogSink::stderr_sink:
                logger = spdlog::stderr_color_mt("dealerd");
                logger->set_pattern(kPattern);
                break;
            case LogSink::journal:
                // journald stamps time and level itself.
                logger = std::make_shared<spdlog::logger>("dealerd", std::make_shared<JournalSink>());
                logger->set_pattern("%v");
                break;
            case LogSink::file:
                file_sink = std::make_shared<ReopenableFileSink>(config.log_file);
                logger = std::make_shared<spdlog::logger>("dealerd", file_sink);
                logger->set_pattern(kPattern);
                break;
        }
    } catch (const spdlog::spdlog_ex& e) {
        why = e.what();
        init_default_logging();
        return false;
    }
    install(std::move(logger), spdlog::level::from_str(config.log_level));
    std::lock_guard lock(g_file_mutex);
    g_file_sink = std::move(file_sink);
    return true;
}

bool reopen_log_file(std::string& path, std::string& why) {
    std::shared_ptr<ReopenableFileSink> sink;
    {
        std::lock_guard lock(g_file_mutex);
        sink = g_file_sink;
    }
    path = sink ? sink->path() : std::string();
    return !sink || sink->reopen(why);
}

}  // namespace dealer
