/** Each image's scan history: what every scan found new, fixed or reopened, in the API and the browser. */
package io.keelwatch.findings.history;
