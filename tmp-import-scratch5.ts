import * as XLSX from '@e965/xlsx';
console.log(Object.keys(XLSX).filter(k => /cfb/i.test(k)), typeof (XLSX as any).CFB);
const CFB = (XLSX as any).CFB;
if (CFB) { const c = CFB.utils.cfb_new(); CFB.utils.cfb_add(c, 'EncryptionInfo', new Uint8Array([4,0,4,0])); CFB.utils.cfb_add(c, 'EncryptedPackage', new Uint8Array(100)); const out = CFB.write(c, { type: 'buffer' }); console.log(out.length, out.slice(0,4)); }
