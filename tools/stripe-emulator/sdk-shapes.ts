import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { Spec } from "./params";

/**
 * Holds the emulator to the `stripe` SDK's TypeScript declarations, which
 * stripe-node generates from Stripe's OpenAPI spec for the pinned API version
 * (`2026-10-28.endive`). A field this version lacks, a required field that is
 * missing, a parameter the SDK does not declare or an enum value it does not
 * list is reported with its path. Test-only: it loads the TypeScript compiler.
 */

/** Stripe's `object` names mapped to the SDK type that declares them. */
const OBJECT_TYPES: Record<string, string> = {
  customer: "Stripe.Customer",
  product: "Stripe.Product",
  price: "Stripe.Price",
  plan: "Stripe.Plan",
  "checkout.session": "Stripe.Checkout.Session",
  item: "Stripe.LineItem",
  subscription: "Stripe.Subscription",
  subscription_item: "Stripe.SubscriptionItem",
  subscription_schedule: "Stripe.SubscriptionSchedule",
  invoice: "Stripe.Invoice",
  line_item: "Stripe.InvoiceLineItem",
  invoice_payment: "Stripe.InvoicePayment",
  payment_method: "Stripe.PaymentMethod",
  payment_intent: "Stripe.PaymentIntent",
  setup_intent: "Stripe.SetupIntent",
  charge: "Stripe.Charge",
  refund: "Stripe.Refund",
  "billing_portal.configuration": "Stripe.BillingPortal.Configuration",
  "billing_portal.session": "Stripe.BillingPortal.Session",
  event: "Stripe.Event",
};

export interface SdkShapes {
  /** Problems with a JSON value the API returned (an object, a list, a search result or a deleted object). */
  checkResponse(value: unknown): string[];
  /** Problems with an emulator parameter spec against an SDK params type such as `Stripe.PaymentIntentCreateParams`. */
  checkParams(spec: Record<string, Spec>, sdkType: string): string[];
}

let cached: SdkShapes | undefined;

/** Builds the checker once per test file (creating the TypeScript program takes a few seconds). */
export function sdkShapes(): SdkShapes {
  cached ??= build();
  return cached;
}

function build(): SdkShapes {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const probePath = `${root}tools/stripe-emulator/__sdk-probe__.ts`;
  const paramTypes = new Set<string>();
  const probeSource = (names: Iterable<string>) =>
    `import type Stripe from "stripe";\nexport interface Probe {\n${[...names]
      .map((name) => `  ${JSON.stringify(name)}: ${name};`)
      .join("\n")}\n}\n`;

  let program: ts.Program | undefined;
  let probe: ts.Type | undefined;
  let checker: ts.TypeChecker | undefined;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  };

  /** (Re)creates the program with every type asked for so far, so one program serves the whole file. */
  function load(): void {
    const host = ts.createCompilerHost(options);
    const original = host.getSourceFile.bind(host);
    const text = probeSource([...Object.values(OBJECT_TYPES), "Stripe.DeletedCustomer", ...paramTypes]);
    host.getSourceFile = (fileName, language, onError, shouldCreate) =>
      fileName === probePath
        ? ts.createSourceFile(fileName, text, language)
        : original(fileName, language, onError, shouldCreate);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (fileName) => fileName === probePath || fileExists(fileName);
    program = ts.createProgram({ rootNames: [probePath], options, host, ...(program ? { oldProgram: program } : {}) });
    checker = program.getTypeChecker();
    const source = program.getSourceFile(probePath);
    const declaration = source?.statements.find(ts.isInterfaceDeclaration);
    if (!declaration) throw new Error("SDK probe did not compile");
    probe = checker.getTypeAtLocation(declaration);
    const errors = ts.getPreEmitDiagnostics(program, source);
    if (errors.length > 0)
      throw new Error(ts.flattenDiagnosticMessageText(errors[0]?.messageText ?? "SDK probe failed", "\n"));
  }

  function typeNamed(name: string): ts.Type {
    if (!probe || !checker) load();
    let property = probe?.getProperty(name);
    if (!property) {
      paramTypes.add(name);
      load();
      property = probe?.getProperty(name);
    }
    if (!property || !checker) throw new Error(`Unknown SDK type ${name}`);
    return checker.getTypeOfSymbol(property);
  }

  const members = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);
  const isAny = (type: ts.Type) => (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  const typeName = (type: ts.Type) => checker?.typeToString(type) ?? "?";

  function objectMembers(type: ts.Type): ts.Type[] {
    return members(type).filter(
      (member) => (member.flags & ts.TypeFlags.Object) !== 0 && !checker?.isArrayType(member),
    );
  }

  function arrayElement(type: ts.Type): ts.Type | undefined {
    const array = members(type).find((member) => checker?.isArrayType(member));
    return array ? checker?.getTypeArguments(array as ts.TypeReference)[0] : undefined;
  }

  /** Decimal fields are strings on the wire; the SDK types them as its Decimal class. */
  const isDecimal = (type: ts.Type) => members(type).some((member) => typeName(member) === "Decimal");

  function checkValue(value: unknown, type: ts.Type, path: string, problems: string[]): void {
    if (isAny(type) || value === null || value === undefined) return;
    if (Array.isArray(value)) {
      const element = arrayElement(type);
      if (!element) {
        problems.push(`${path}: an array where the SDK declares ${typeName(type)}`);
        return;
      }
      value.forEach((item, index) => checkValue(item, element, `${path}[${index}]`, problems));
      return;
    }
    if (typeof value !== "object") return;
    if (typeof value === "string" && isDecimal(type)) return;
    const candidates = objectMembers(type);
    if (candidates.length === 0) {
      if (!isDecimal(type)) problems.push(`${path}: an object where the SDK declares ${typeName(type)}`);
      return;
    }
    // For a union (e.g. Customer | DeletedCustomer) the value must fit one member.
    let best: string[] | undefined;
    for (const candidate of candidates) {
      const found: string[] = [];
      checkObject(value as Record<string, unknown>, candidate, path, found);
      if (found.length === 0) return;
      if (!best || found.length < best.length) best = found;
    }
    problems.push(...(best ?? []));
  }

  function checkObject(
    value: Record<string, unknown>,
    type: ts.Type,
    path: string,
    problems: string[],
    skip: readonly string[] = [],
  ): void {
    if (!checker) return;
    if (checker.getIndexInfosOfType(type).length > 0) return; // metadata and other maps
    for (const [key, child] of Object.entries(value)) {
      const property = type.getProperty(key);
      if (!property) {
        problems.push(`${path}.${key}: not a field of ${typeName(type)} in this API version`);
        continue;
      }
      checkValue(child, checker.getTypeOfSymbol(property), `${path}.${key}`, problems);
    }
    for (const property of type.getProperties()) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      if (!optional && !skip.includes(property.name) && !(property.name in value))
        problems.push(`${path}.${property.name}: missing`);
    }
  }

  function checkResponse(value: unknown, path = "$"): string[] {
    if (typeof value !== "object" || value === null) return [`${path}: not an object`];
    const record = value as Record<string, unknown>;
    const kind = record.object;
    if ((kind === "list" || kind === "search_result") && Array.isArray(record.data)) {
      return record.data.flatMap((item, index) => checkResponse(item, `${path}.data[${index}]`));
    }
    if (kind === "customer" && record.deleted === true) {
      const problems: string[] = [];
      checkObject(record, typeNamed("Stripe.DeletedCustomer"), path, problems);
      return problems;
    }
    const sdkType = typeof kind === "string" ? OBJECT_TYPES[kind] : undefined;
    if (!sdkType) return [`${path}: no SDK type known for object ${String(kind)}`];
    if (kind === "event") {
      // The event envelope against Stripe.Event's common fields, its object against that object's type.
      const { data, ...envelope } = record as { data?: { object?: unknown; previous_attributes?: unknown } };
      const problems: string[] = [];
      const base = objectMembers(typeNamed("Stripe.Event"))[0];
      if (base) checkObject(envelope, base, path, problems, ["data"]);
      const extra = Object.keys(data ?? {}).filter((key) => key !== "object" && key !== "previous_attributes");
      problems.push(...extra.map((key) => `${path}.data.${key}: not a field of an event's data`));
      return [...problems, ...checkResponse(data?.object, `${path}.data.object`)];
    }
    const problems: string[] = [];
    checkValue(record, typeNamed(sdkType), path, problems);
    return problems;
  }

  function literalValues(type: ts.Type): string[] | undefined {
    const literals = members(type).filter((member) => member.isStringLiteral()) as ts.StringLiteralType[];
    return literals.length > 0 ? literals.map((literal) => literal.value) : undefined;
  }

  function checkSpec(spec: Spec, type: ts.Type, path: string, problems: string[]): void {
    if (isAny(type)) return;
    const nonNull = checker?.getNonNullableType(type) ?? type;
    switch (spec.kind) {
      case "enum": {
        const allowed = literalValues(nonNull);
        if (!allowed) {
          problems.push(`${path}: an enum where the SDK declares ${typeName(type)}`);
          return;
        }
        for (const value of spec.values)
          if (!allowed.includes(value)) problems.push(`${path}: "${value}" is not one of ${allowed.join(", ")}`);
        return;
      }
      case "array": {
        const element = arrayElement(nonNull);
        if (!element) problems.push(`${path}: an array where the SDK declares ${typeName(type)}`);
        else checkSpec(spec.of, element, `${path}[]`, problems);
        return;
      }
      case "object": {
        const [target] = objectMembers(nonNull);
        if (!target) {
          problems.push(`${path}: an object where the SDK declares ${typeName(type)}`);
          return;
        }
        checkFields(spec.fields, target, path, problems);
        return;
      }
      default:
        return;
    }
  }

  function checkFields(fields: Record<string, Spec>, type: ts.Type, prefix: string, problems: string[]): void {
    for (const [key, spec] of Object.entries(fields)) {
      const path = prefix ? `${prefix}[${key}]` : key;
      const property = type.getProperty(key);
      if (!property || !checker) {
        problems.push(`${path}: not a parameter of ${typeName(type)} in this API version`);
        continue;
      }
      checkSpec(spec, checker.getTypeOfSymbol(property), path, problems);
    }
  }

  return {
    checkResponse: (value) => checkResponse(value),
    checkParams(spec, sdkType) {
      const problems: string[] = [];
      checkFields(spec, typeNamed(sdkType), "", problems);
      return problems;
    },
  };
}
