// Why a base URL gave no answer, told as a setup mistake with the line that fixes it: a host name
// that does not resolve, nothing listening (refused), no answer in time, a plain-HTTP URL for a
// server that speaks TLS or the reverse, a certificate the client does not trust. Preflight calls
// it when a request got no response; it sends nothing that could change the server's state (a
// TLS handshake, or GET / with no credentials).
#pragma once

#include "conformance/http_target.hpp"

#include <string>

namespace ringpool::conformance {

struct ConnectionDiagnosis {
  std::string what;  // "nothing listens on 127.0.0.1:8080 (connection refused)"
  std::string fix;   // "start the server, or correct the port in --target"
};

// `base_url` is scheme://host[:port]; `transport_error` is what the request that failed said.
ConnectionDiagnosis diagnose_connection(const std::string& base_url, const TlsSettings& tls, double timeout_seconds,
                                        const std::string& transport_error);

}  // namespace ringpool::conformance
