// commander requires child_process at load time but only uses it for external subcommands,
// which crm has none of; loading it (with net, dgram and streams) costs every start.
let real;
module.exports = new Proxy(
  {},
  {
    get(_t, key) {
      real ??= require('node:child_process');
      return real[key];
    },
  },
);
