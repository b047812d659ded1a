/** Reading alerts and their raw events through the one visibility rule: API, pages, navigation. */
package io.keelwatch.runtime.alerts;
