// Server actions as browsers invoke them, found from the page's own HTML:
// without JavaScript a <form> posts its hidden `$ACTION_*` fields; with
// JavaScript React posts the action id in a `Next-Action` header and the
// arguments as encodeReply's multipart body.

/** Inputs (name -> value) of every server-action form on the page, one record per form. */
export function actionForms(html: string): Array<Record<string, string>> {
  const unescape = (value: string) =>
    value
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  return [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)]
    .map((form) => {
      const fields: Record<string, string> = {};
      for (const input of form[1]!.matchAll(/<input\b[^>]*>/g)) {
        const name = /name="([^"]*)"/.exec(input[0])?.[1];
        if (name) fields[unescape(name)] = unescape(/value="([^"]*)"/.exec(input[0])?.[1] ?? "");
      }
      return fields;
    })
    .filter((fields) => Object.keys(fields).some((name) => name.startsWith("$ACTION_")));
}

/** The action id a form posts to (`$ACTION_ID_<id>`, or the bound reference of a useActionState form). */
export function actionIdOf(fields: Record<string, string>): string {
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith("$ACTION_ID_")) return name.slice("$ACTION_ID_".length);
    if (/^\$ACTION_\d+:0$/.test(name)) return (JSON.parse(value) as { id: string }).id;
  }
  throw new Error(`No server action in form fields ${Object.keys(fields).join(", ")}`);
}

/** The first action form on `html` with every field of `match` (value "" matches any value). */
export function actionFormWith(html: string, match: Record<string, string>): Record<string, string> {
  const form = actionForms(html).find((fields) =>
    Object.entries(match).every(([name, value]) => name in fields && (value === "" || fields[name] === value)),
  );
  if (!form) throw new Error(`No server action form with ${JSON.stringify(match)} on the page`);
  return form;
}

function multipart(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

/** A no-JavaScript form submission of `fields` (the page's hidden inputs plus the user's). */
export function postActionForm(url: string, fields: Record<string, string>, headers: Record<string, string>) {
  return fetch(url, { method: "POST", body: multipart(fields), headers, redirect: "manual" });
}

/**
 * The JavaScript path for an action of `useActionState` (previous state,
 * form data): React 19's encodeReply puts the form's entries under the
 * "_1_" prefix that "$K1" refers to, then the arguments in field "0".
 */
export function postFetchAction(
  url: string,
  actionId: string,
  formFields: Record<string, string>,
  headers: Record<string, string>,
) {
  // The server decodes field "0" as soon as it arrives, so it comes last, as
  // React sends it (a FormData, not an object: "0" would sort first there).
  const body = new FormData();
  for (const [name, value] of Object.entries(formFields)) body.append(`_1_${name}`, value);
  body.append("0", JSON.stringify([{}, "$K1"]));
  return fetch(url, {
    method: "POST",
    body,
    headers: { accept: "text/x-component", "next-action": actionId, ...headers },
    redirect: "manual",
  });
}
