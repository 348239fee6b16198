/**
 * The Stripe.js stand-in served at `/_emulator/stripe.js`. It defines
 * `window.Stripe` with what @stripe/stripe-js 10 and @stripe/react-stripe-js 7
 * call, so `loadStripe` finds it and never fetches js.stripe.com. Card fields
 * live in an iframe on the emulator's origin (`/_emulator/elements/card`),
 * which creates the payment method and confirms the intent itself; this
 * script only passes messages, so card numbers never enter the app's DOM.
 * Plain ES2017 in a string: it runs in the browser, not in Node.
 */
export function standInScript(emulatorOrigin: string): string {
  return `(function () {
"use strict";
var EMULATOR = ${JSON.stringify(emulatorOrigin)};
var SOURCE = "tollgate-stripe-emulator";
var frameCount = 0;

function intentIdOf(clientSecret) {
  var match = /^((?:pi|seti|cs_test)_[A-Za-z0-9]+)_secret_/.exec(clientSecret || "");
  return match ? match[1] : null;
}

function notEmulated(name) {
  return function () {
    return Promise.resolve({ error: { type: "invalid_request_error", message: "stripe." + name + " is not part of the Stripe emulator's Stripe.js stand-in." } });
  };
}

function withQuery(url, params) {
  var target = new URL(url, window.location.href);
  Object.keys(params).forEach(function (key) { target.searchParams.set(key, params[key]); });
  return target.toString();
}

function PaymentElement(group, options) {
  this.group = group;
  this.options = options || {};
  this.handlers = {};
  this.frame = null;
  this.ready = false;
  this.complete = false;
  this.pending = {};
  this.requestCount = 0;
  this.name = "payment-element-" + (++frameCount);
  this.listener = this.onMessage.bind(this);
}
PaymentElement.prototype.on = function (event, handler) {
  (this.handlers[event] = this.handlers[event] || []).push(handler);
  return this;
};
PaymentElement.prototype.off = function (event, handler) {
  var list = this.handlers[event] || [];
  this.handlers[event] = handler ? list.filter(function (each) { return each !== handler; }) : [];
  return this;
};
PaymentElement.prototype.once = function (event, handler) {
  var self = this;
  function wrapped(payload) { self.off(event, wrapped); handler(payload); }
  return this.on(event, wrapped);
};
PaymentElement.prototype.emit = function (event, payload) {
  (this.handlers[event] || []).slice().forEach(function (handler) { handler(payload); });
};
PaymentElement.prototype.mount = function (target) {
  var node = typeof target === "string" ? document.querySelector(target) : target;
  if (!node) throw new Error("The selector you specified (" + target + ") applies to no DOM elements that are currently on the page.");
  var frame = document.createElement("iframe");
  frame.name = this.name;
  frame.title = "Secure payment input frame";
  frame.setAttribute("allow", "payment");
  frame.style.cssText = "border:0;width:100%;height:260px;display:block;";
  frame.src = EMULATOR + "/_emulator/elements/card?origin=" + encodeURIComponent(window.location.origin) +
    "&key=" + encodeURIComponent(this.group.key) + "&name=" + encodeURIComponent(this.name);
  window.addEventListener("message", this.listener);
  node.appendChild(frame);
  this.frame = frame;
};
PaymentElement.prototype.onMessage = function (event) {
  if (event.origin !== EMULATOR || !event.data || event.data.source !== SOURCE || event.data.name !== this.name) return;
  var data = event.data;
  if (data.type === "ready") { this.ready = true; this.emit("ready", { elementType: "payment" }); return; }
  if (data.type === "change") {
    this.complete = data.complete;
    this.emit("change", { elementType: "payment", complete: data.complete, empty: data.empty, collapsed: false, value: { type: "card" } });
    return;
  }
  if (data.type === "focus" || data.type === "blur") { this.emit(data.type, { elementType: "payment" }); return; }
  if (data.type === "result" && this.pending[data.requestId]) {
    var resolve = this.pending[data.requestId];
    delete this.pending[data.requestId];
    resolve(data);
  }
};
PaymentElement.prototype.request = function (message) {
  var self = this;
  if (!this.frame || !this.frame.contentWindow) {
    return Promise.resolve({ error: { type: "integration_error", message: "The Payment Element is not mounted." } });
  }
  var requestId = String(++this.requestCount);
  return new Promise(function (resolve) {
    self.pending[requestId] = resolve;
    message.source = SOURCE;
    message.requestId = requestId;
    self.frame.contentWindow.postMessage(message, EMULATOR);
  });
};
PaymentElement.prototype.update = function (options) { this.options = Object.assign({}, this.options, options); };
PaymentElement.prototype.focus = function () { if (this.frame) this.frame.focus(); };
PaymentElement.prototype.blur = function () {};
PaymentElement.prototype.clear = function () { this.request({ type: "clear" }); };
PaymentElement.prototype.collapse = function () {};
PaymentElement.prototype.unmount = function () {
  window.removeEventListener("message", this.listener);
  if (this.frame && this.frame.parentNode) this.frame.parentNode.removeChild(this.frame);
  this.frame = null;
};
PaymentElement.prototype.destroy = function () {
  this.unmount();
  this.handlers = {};
  this.group.element = null;
};

function Elements(key, options) {
  this.key = key;
  this.options = options || {};
  this.element = null;
}
Elements.prototype.create = function (type, options) {
  if (type !== "payment") throw new Error("The Stripe emulator's Stripe.js stand-in supports the Payment Element only, not '" + type + "'.");
  if (this.element) throw new Error("Can only create one Element of type payment.");
  this.element = new PaymentElement(this, options);
  return this.element;
};
Elements.prototype.getElement = function (type) { return type === "payment" ? this.element : null; };
Elements.prototype.update = function (options) { this.options = Object.assign({}, this.options, options); };
Elements.prototype.fetchUpdates = function () { return Promise.resolve({}); };
Elements.prototype.submit = function () {
  if (!this.element) return Promise.resolve({ error: { type: "integration_error", message: "No Payment Element is mounted." } });
  return this.element.request({ type: "validate" }).then(function (answer) { return answer.error ? { error: answer.error } : {}; });
};

function confirmIntent(kind, options) {
  options = options || {};
  var elements = options.elements;
  var clientSecret = options.clientSecret || (elements && elements.options.clientSecret);
  var params = options.confirmParams || {};
  var redirect = options.redirect || "always";
  var field = kind === "payment" ? "paymentIntent" : "setupIntent";
  if (!elements || !elements.element) {
    return Promise.resolve({ error: { type: "integration_error", message: "Pass the elements instance that holds a mounted Payment Element." } });
  }
  if (!params.return_url && redirect !== "if_required") {
    return Promise.resolve({ error: { type: "integration_error", message: "stripe.confirm" + (kind === "payment" ? "Payment" : "Setup") + "(): the 'confirmParams.return_url' argument is required unless passing 'redirect: \\"if_required\\"'" } });
  }
  return elements.element.request({ type: "confirm", kind: kind, clientSecret: clientSecret, returnUrl: params.return_url || null, receiptEmail: params.receipt_email || null })
    .then(function (answer) {
      if (answer.error) return { error: answer.error };
      var intent = answer.intent;
      if (intent.status === "requires_action" && intent.next_action && intent.next_action.redirect_to_url) {
        window.location.assign(intent.next_action.redirect_to_url.url);
        return new Promise(function () {});
      }
      if (redirect === "if_required" || !params.return_url) {
        var result = {}; result[field] = intent; return result;
      }
      var query = kind === "payment"
        ? { payment_intent: intent.id, payment_intent_client_secret: clientSecret, redirect_status: intent.status === "succeeded" ? "succeeded" : "failed" }
        : { setup_intent: intent.id, setup_intent_client_secret: clientSecret, redirect_status: intent.status === "succeeded" ? "succeeded" : "failed" };
      window.location.assign(withQuery(params.return_url, query));
      return new Promise(function () {});
    });
}

function retrieveIntent(key, kind, clientSecret) {
  var id = intentIdOf(clientSecret);
  var path = kind === "payment" ? "payment_intents" : "setup_intents";
  var field = kind === "payment" ? "paymentIntent" : "setupIntent";
  return fetch(EMULATOR + "/v1/" + path + "/" + encodeURIComponent(id || "none") + "?client_secret=" + encodeURIComponent(clientSecret), {
    headers: { Authorization: "Bearer " + key },
  }).then(function (response) { return response.json(); }).then(function (body) {
    if (body.error) return { error: body.error };
    var result = {}; result[field] = body; return result;
  });
}

function EmbeddedCheckout(options) {
  this.options = options;
  this.frame = null;
  this.clientSecret = null;
  this.listener = this.onMessage.bind(this);
}
EmbeddedCheckout.prototype.mount = function (target) {
  var self = this;
  var node = typeof target === "string" ? document.querySelector(target) : target;
  if (!node) throw new Error("The selector you specified (" + target + ") applies to no DOM elements that are currently on the page.");
  var secret = this.options.clientSecret ? Promise.resolve(this.options.clientSecret) : this.options.fetchClientSecret();
  secret.then(function (clientSecret) {
    var sessionId = intentIdOf(clientSecret);
    if (!sessionId) throw new Error("Invalid client secret for Embedded Checkout.");
    self.clientSecret = clientSecret;
    var frame = document.createElement("iframe");
    frame.title = "Embedded Checkout";
    frame.style.cssText = "border:0;width:100%;min-height:720px;display:block;";
    frame.src = EMULATOR + "/_emulator/embedded-checkout/" + encodeURIComponent(sessionId) + "?client_secret=" + encodeURIComponent(clientSecret) + "&origin=" + encodeURIComponent(window.location.origin);
    window.addEventListener("message", self.listener);
    node.appendChild(frame);
    self.frame = frame;
  });
};
EmbeddedCheckout.prototype.onMessage = function (event) {
  if (event.origin !== EMULATOR || !event.data || event.data.source !== SOURCE || event.data.type !== "checkout-complete") return;
  if (!this.frame || event.source !== this.frame.contentWindow) return;
  if (event.data.redirectOnCompletion === "never") {
    if (this.options.onComplete) this.options.onComplete();
    return;
  }
  if (event.data.returnUrl) window.location.assign(event.data.returnUrl);
};
EmbeddedCheckout.prototype.unmount = function () {
  window.removeEventListener("message", this.listener);
  if (this.frame && this.frame.parentNode) this.frame.parentNode.removeChild(this.frame);
  this.frame = null;
};
EmbeddedCheckout.prototype.destroy = function () { this.unmount(); };

function Stripe(key, options) {
  if (!(this instanceof Stripe)) return new Stripe(key, options);
  if (typeof key !== "string" || key.indexOf("pk_") !== 0) throw new Error("Invalid API Key provided: " + key);
  this.key = key;
}
Stripe.version = "endive";
Stripe.prototype._registerWrapper = function () {};
Stripe.prototype.registerAppInfo = function () {};
Stripe.prototype.elements = function (options) { return new Elements(this.key, options); };
Stripe.prototype.confirmPayment = function (options) { return confirmIntent("payment", options); };
Stripe.prototype.confirmSetup = function (options) { return confirmIntent("setup", options); };
Stripe.prototype.retrievePaymentIntent = function (clientSecret) { return retrieveIntent(this.key, "payment", clientSecret); };
Stripe.prototype.retrieveSetupIntent = function (clientSecret) { return retrieveIntent(this.key, "setup", clientSecret); };
Stripe.prototype.createEmbeddedCheckoutPage = function (options) { return Promise.resolve(new EmbeddedCheckout(options || {})); };
// react-stripe-js recognises a Stripe instance by these methods; the app does not call them.
Stripe.prototype.createToken = notEmulated("createToken");
Stripe.prototype.createPaymentMethod = notEmulated("createPaymentMethod");
Stripe.prototype.confirmCardPayment = notEmulated("confirmCardPayment");
window.Stripe = Stripe;
})();
`;
}
