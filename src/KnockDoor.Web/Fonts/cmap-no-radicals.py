# Maps the CJK Radicals Supplement and Kangxi Radicals (U+2E80-U+2FDF) to no glyph in a TrueType font's cmap
# (format 4 and 12 subtables, rewritten in place). Usage: python3 cmap-no-radicals.py in.ttf out.ttf
import struct, sys
def patch(path_in, path_out):
    f=bytearray(open(path_in,'rb').read())
    num=struct.unpack('>H',f[4:6])[0]
    tables={}
    for i in range(num):
        tag,cs,off,ln=struct.unpack('>4sIII',f[12+16*i:28+16*i]); tables[tag]=(off,ln)
    off,_=tables[b'cmap']
    n=struct.unpack('>H',f[off+2:off+4])[0]
    lo,hi=0x2E80,0x2FDF
    done=set(); stats=[]
    for i in range(n):
        so=struct.unpack('>I',f[off+8+8*i:off+12+8*i])[0]
        base=off+so
        if base in done: continue
        done.add(base)
        fmt=struct.unpack('>H',f[base:base+2])[0]
        if fmt==12:
            ng=struct.unpack('>I',f[base+12:base+16])[0]; c=0
            for g in range(ng):
                p=base+16+12*g
                s,e,gl=struct.unpack('>III',f[p:p+12])
                if s>=lo and e<=hi:
                    f[p:p+12]=struct.pack('>III',s,s,0); c+=1
            stats.append(('fmt12',c))
        elif fmt==4:
            segx2=struct.unpack('>H',f[base+6:base+8])[0]; seg=segx2//2
            ends=base+14; starts=ends+segx2+2; deltas=starts+segx2; ranges=deltas+segx2
            c=0; skipped=0
            for k in range(seg):
                e=struct.unpack('>H',f[ends+2*k:ends+2*k+2])[0]
                s=struct.unpack('>H',f[starts+2*k:starts+2*k+2])[0]
                if not (s>=lo and e<=hi): 
                    if s<=hi and e>=lo: skipped+=1
                    continue
                ro=struct.unpack('>H',f[ranges+2*k:ranges+2*k+2])[0]
                if ro!=0:
                    for ch in range(s,e+1):
                        q=ranges+2*k+ro+2*(ch-s)
                        f[q:q+2]=b'\0\0'; c+=1
                elif s==e:
                    f[deltas+2*k:deltas+2*k+2]=struct.pack('>H',(-s)&0xFFFF); c+=1
                else: skipped+=1
            stats.append(('fmt4',c,'skipped',skipped))
    open(path_out,'wb').write(f)
    print(path_out, stats)
patch(sys.argv[1], sys.argv[2])
