#include "daemon/config_reload.hpp"

#include <utility>

namespace dealer {

// At start a plugin that cannot be loaded is skipped, so that dealerd comes
// up; at a reload the old config is a working fallback, so any refusal
// refuses the reload, and the operator reads why in the log.
PreparedReload prepare_reload(const ReloadBasis& basis, ConfigResult reread) {
    PreparedReload p;
    for (const auto& e : reread.errors) p.errors.push_back(e.to_string());
    if (!reread.config) {
        if (p.errors.empty()) p.errors.push_back("the config could not be read");
        return p;
    }
    p.config = std::move(*reread.config);

    auto build = build_catalog(p.config, CatalogBasis{basis.catalog, basis.unloader});
    for (const auto& e : build.refused) p.errors.push_back(e.to_string());
    for (const auto& e : build.errors) p.errors.push_back(e.to_string());
    if (!p.errors.empty()) return p;
    p.catalog = std::move(build.catalog);
    p.games = diff_games(*basis.catalog, *p.catalog);

    for (auto& change : changed_options(basis.running, p.config)) {
        if (!change.reloadable) {
            p.restart.push_back(std::move(change));
        } else if (change.address_list) {
            p.listen_ignored = basis.socket_activated;
        } else {
            p.options.push_back(std::move(change));
        }
    }
    if (!basis.socket_activated) p.listen = diff_listen(basis.running, p.config);

    if (p.config.log_sink != basis.running.log_sink || p.config.log_file != basis.running.log_file) {
        OpenedLogSink sink;
        std::string why;
        if (!open_log_sink(p.config, sink, why)) {
            p.errors.push_back(p.config.source + ": [log] sink: cannot open it: " + why);
            return p;
        }
        p.log_sink = std::move(sink);
    }
    keep_restart_only_options(basis.running, p.config);
    return p;
}

}  // namespace dealer
