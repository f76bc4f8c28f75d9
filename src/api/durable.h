// Holding a response until the writes it may report are durable, for any model with group
// commit (WriteBarrier / IsDurable / WhenDurable): its own writes and any it may have read.
// A response answered later is held from the moment its answer arrives.
#pragma once

#include <functional>
#include <memory>

#include "api/http/http_types.h"

namespace stepshift::api {

// `failed` frames the error of a commit that failed, in the service's protocol.
template <typename Model>
HttpResponse WhenDurable(const Model* model, HttpResponse response,
                         std::function<HttpResponse(const Status&)> failed) {
  if (response.answer_later) {
    response.answer_later = [model, failed,
                             inner = std::move(response.answer_later)](Responder send) {
      inner([model, failed, send](HttpResponse answer) {
        send(WhenDurable(model, std::move(answer), failed));
      });
    };
    return response;
  }
  uint64_t barrier = model->WriteBarrier();
  if (model->IsDurable(barrier)) {
    return response;
  }
  HttpResponse held;
  held.answer_later = [model, barrier, failed,
                       answer =
                           std::make_shared<HttpResponse>(std::move(response))](Responder send) {
    model->WhenDurable(barrier, [answer, send, failed](const Status& status) {
      send(status.ok() ? std::move(*answer) : failed(status));
    });
  };
  return held;
}

}  // namespace stepshift::api
