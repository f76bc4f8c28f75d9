// A response that is known now or later, for handlers that answer through a callback (a
// synchronous execution, a long poll): whichever of Set and the server's wait comes second sends
// it. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "api/http/http_types.h"

namespace stepshift::api {

class PendingAnswer : public std::enable_shared_from_this<PendingAnswer> {
 public:
  // Sets the answer; at most once.
  void Set(HttpResponse answer) {
    Responder send;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!send_) {
        answer_ = std::move(answer);
        return;
      }
      send = std::move(send_);
    }
    send(std::move(answer));
  }

  // The answer when it is already set, else a response the server answers later.
  HttpResponse Response() {
    std::lock_guard<std::mutex> lock(mu_);
    if (answer_)
      return std::move(*answer_);
    HttpResponse later;
    later.answer_later = [self = shared_from_this()](Responder send) {
      std::optional<HttpResponse> ready;
      {
        std::lock_guard<std::mutex> lock(self->mu_);
        if (!self->answer_) {
          self->send_ = std::move(send);
          return;
        }
        ready = std::move(self->answer_);
      }
      send(std::move(*ready));
    };
    return later;
  }

 private:
  std::mutex mu_;
  std::optional<HttpResponse> answer_;
  Responder send_;
};

}  // namespace stepshift::api
