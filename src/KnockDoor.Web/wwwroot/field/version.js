// The field app's version: the service worker's cache name and the appVersion sent with every visit and device
// status. A plain script, not a module, so that the service worker can load it too (importScripts).
// Change it with every change to a file of the shell: phones serve the shell from their cache until it changes.
self.KnockDoorFieldVersion = 'field-6';
