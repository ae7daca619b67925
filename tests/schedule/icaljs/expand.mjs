// Parse an iCalendar file with ical.js and print every occurrence start in a window, as JSON.
// Usage: node expand.mjs FEED.ics 2026-09-01 2027-06-01
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, from, until] = process.argv.slice(2);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const start = ICAL.Time.fromDateString(from);
const end = ICAL.Time.fromDateString(until);
const masters = calendar.getAllSubcomponents("vevent").filter((e) => !e.hasProperty("recurrence-id"));
const found = [];
for (const vevent of masters) {
  const event = new ICAL.Event(vevent);
  for (const exception of calendar.getAllSubcomponents("vevent")) {
    if (exception.hasProperty("recurrence-id") && exception.getFirstPropertyValue("uid") === event.uid) {
      event.relateException(exception);
    }
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.compare(end) < 0; next = iterator.next()) {
    if (next.compare(start) < 0) continue;
    const details = event.getOccurrenceDetails(next);
    found.push([event.uid, details.startDate.toJSDate().toISOString()]);
    if (found.length > 5000) break;
  }
}
console.log(JSON.stringify(found.sort()));
